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

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The words of a name: `LunarFallbackCritical`, `fallback-critical` and `api_error` alike, in lower case. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when every word of `name` appears in `candidate`, in order (a word left out, not a typo). */
function wordsWithin(name: string[], candidate: string[]): boolean {
  let i = 0;
  for (const w of candidate) if (i < name.length && w === name[i]) i++;
  return i === name.length;
}

/**
 * The candidate `name` most likely means, or undefined: the closest by edit distance, within a quarter of the name's
 * length (at least 3 edits, never the whole name); failing that, the one candidate holding every word of the name in
 * order (`LunarFallbackCritical` → `LunarGenerationFallbackCritical`), when only one does.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const all = [...candidates];
  let best: string | undefined;
  let distance = Infinity;
  for (const c of all) {
    const d = editDistance(name, c);
    // A tie goes to the one that starts like the name: `sped` is `speed` rather than `seed`.
    if (d < distance || (d === distance && best !== undefined && sharedPrefix(name, c) > sharedPrefix(name, best))) [best, distance] = [c, d];
  }
  if (best !== undefined && distance <= Math.min(name.length - 1, Math.max(3, name.length / 4))) return best;
  const mine = words(name);
  if (mine.length < 2) return undefined;
  const holding = all.filter((c) => wordsWithin(mine, words(c)));
  return holding.length === 1 ? holding[0] : undefined;
}

/** ` (did you mean X?)` for the nearest candidate (nearestName), else ''. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const nearest = nearestName(name, candidates);
  return nearest === undefined ? '' : ` (did you mean ${nearest}?)`;
}
