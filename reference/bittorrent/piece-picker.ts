/**
 * Rarest-first piece selection (BEP 3, "peer messages": download the pieces fewest peers have
 * first, so that rare pieces spread before their holders leave). Among the pieces the remote peer
 * has, we lack, and nobody is fetching yet, the ones held by the fewest connected peers win;
 * ties are broken at random so that downloaders do not all chase the same piece.
 */
export function pickRarest(candidates: number[], availability: (index: number) => number, random: () => number = Math.random): number | undefined {
  let best: number[] = [];
  let fewest = Number.POSITIVE_INFINITY;
  for (const index of candidates) {
    const count = availability(index);
    if (count < fewest) {
      fewest = count;
      best = [index];
    } else if (count === fewest) {
      best.push(index);
    }
  }
  return best[Math.floor(random() * best.length)];
}
