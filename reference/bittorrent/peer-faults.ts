/**
 * The one documented hook of the reference peer: a planted-bug peer (fixtures/bittorrent/mutants)
 * is the reference started with exactly one of these faults. Each names the single place in
 * peer-connection.ts or peer-server.ts where the reference then behaves wrongly; the reference
 * itself runs with none.
 */
export type PeerFault =
  | 'answers-unknown-info-hash'
  | 'handshake-echoes-peer-id-as-hash'
  | 'closes-on-keep-alive'
  | 'have-before-bitfield'
  | 'spare-bits-set'
  | 'serves-while-choking'
  | 'piece-header-begin-zero'
  | 'serves-shifted-data'
  | 'serves-unannounced-pieces'
  | 'serves-out-of-bounds'
  | 'stale-bitfield'
  | 'interested-in-everyone'
  | 'never-announces-have'
  | 'skips-hash-check'
  | 'requests-beyond-piece-end'
  | 'requests-whole-pieces'
  | 'requests-while-choked'
  | 'unchokes-everyone';

export type PeerFaults = ReadonlySet<PeerFault>;

export const noFaults: PeerFaults = new Set();
