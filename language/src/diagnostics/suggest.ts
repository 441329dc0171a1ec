/**
 * "Did you mean" suggestions: the closest candidate by edit distance (insert, delete,
 * substitute, swap two neighbours), if it is close enough to be a typo. Bounded work per
 * call — long words get no suggestion — so a file full of unknown names stays linear.
 */

const MAX_WORD = 40;

/** Optimal-string-alignment distance, giving up (returning `limit + 1`) past `limit`. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  let prevPrev = prev2;
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The best candidate for `word`, or undefined when none is plausibly a typo of it:
 * distance ≤ 1 for words up to 4 letters, ≤ 2 up to 8, else ≤ 3; words shorter than
 * `minLength` (3 for names; keywords use 2, so `le` finds `let`) only get a
 * case-insensitive match. A case-insensitive match wins outright. Ties go to the earlier candidate (callers list common names first).
 */
export function suggest(word: string, candidates: Iterable<string>, minLength = 3): string | undefined {
  if (word.length === 0 || word.length > MAX_WORD) return undefined;
  const lower = word.toLowerCase();
  // Shorter words are too short to call a typo (`x` is not `n`); only a case slip is suggested.
  const exactOnly = word.length < minLength;
  const limit = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (c === word) continue;
    if (c.toLowerCase() === lower) return c;
    if (exactOnly) continue;
    const d = editDistance(lower, c.toLowerCase(), limit);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
