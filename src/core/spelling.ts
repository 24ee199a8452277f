/** "Did you mean …?" for names a user typed: the closest candidate by edit distance, when it is close enough. */

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** ` (did you mean X?)` for the closest candidate within a quarter of the name's length (at least 3 edits), else ''. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best = '';
  let distance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < distance) [best, distance] = [c, d];
  }
  return distance <= Math.max(3, name.length / 4) ? ` (did you mean ${best}?)` : '';
}
