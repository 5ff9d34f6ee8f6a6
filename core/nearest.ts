/**
 * "Did you mean": the known name nearest a misspelt one, by edit distance (Levenshtein), so that
 * `equals` points at `equal` and `punishedCont` at `punishedCount`. Nothing is suggested when no
 * name is near enough to be a slip of the keyboard.
 */
export function nearest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === word.toLowerCase() ? 0 : distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Edits (insert, delete, replace) from a to b, one row of the table at a time. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The suggestion as the end of a message, in Chinese and English; empty when there is none. */
export function didYouMean(word: string, known: Iterable<string>): { zh: string; en: string } {
  const near = nearest(word, known);
  return near ? { zh: `，是否应为 "${near}"？`, en: ` (did you mean "${near}"?)` } : { zh: '', en: '' };
}
