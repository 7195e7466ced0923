/**
 * LIST and LSUB patterns (RFC 3501 §6.3.8): "*" matches any run of characters, "%" any run
 * without the hierarchy delimiter, every other character itself. Matched by dynamic
 * programming over the name, in at most (pattern length × name length) steps — never with a
 * backtracking regular expression, where a pattern such as "**********x" costs seconds per
 * mailbox name (and minutes with a few more stars) while the event loop is blocked.
 */
export type ListMatcher = (name: string, ignoreCase?: boolean) => boolean;

export function listPatternMatcher(pattern: string, delimiter: string): ListMatcher {
  // A run of wildcards is one wildcard: "*" if the run holds one, else "%".
  const tokens: string[] = [];
  for (const c of pattern) {
    const last = tokens[tokens.length - 1];
    if ((c === '*' || c === '%') && (last === '*' || last === '%')) {
      if (c === '*') tokens[tokens.length - 1] = '*';
    } else tokens.push(c);
  }
  const literals = tokens.filter((t) => t !== '*' && t !== '%');
  const lowered = tokens.map((t) => t.toLowerCase());
  return (name, ignoreCase = false) => {
    const chars = [...(ignoreCase ? name.toLowerCase() : name)];
    // Each literal consumes one character: a pattern with more of them matches nothing.
    if (literals.length > chars.length) return false;
    const n = chars.length;
    // row[j]: the pattern so far matches the first j characters of the name.
    let row = new Uint8Array(n + 1);
    let next = new Uint8Array(n + 1);
    row[0] = 1;
    for (const [i, token] of tokens.entries()) {
      next.fill(0);
      if (token === '*' || token === '%') {
        let on = 0;
        for (let j = 0; j <= n; j++) {
          if (j > 0 && token === '%' && chars[j - 1] === delimiter) on = 0;
          on |= row[j] as number;
          next[j] = on;
        }
      } else {
        const wanted = ignoreCase ? lowered[i] : token;
        for (let j = 0; j < n; j++) if (row[j] && chars[j] === wanted) next[j + 1] = 1;
      }
      [row, next] = [next, row];
    }
    return row[n] === 1;
  };
}
