/** Matching documented variable names to data columns, which converters may have respelled. */

/** `Beak Length (mm)`, `beak_length_mm` and `BeakLength.mm` all read `beaklengthmm`. */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The data column a documented name designates: exact, then case-insensitive, then by key, then
 * (for long names only) the one column a single typo away: documentation misspells (star98's `PEMINTE_AVSAL`).
 */
export function findColumn(documented: string, columns: readonly string[]): string | undefined {
  if (columns.includes(documented)) return documented;
  const lower = documented.toLowerCase();
  const byCase = columns.find((c) => c.toLowerCase() === lower);
  if (byCase) return byCase;
  const key = nameKey(documented);
  if (!key) return undefined;
  const byKey = columns.filter((c) => nameKey(c) === key);
  if (byKey.length === 1) return byKey[0];
  const nearby = key.length >= 8 ? columns.filter((c) => editDistance(nameKey(c), key) === 1) : [];
  return nearby.length === 1 ? nearby[0] : undefined;
}

/** `miles_per_gallon` → `miles per gallon`; what a card says of a column nothing documents. */
export function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .trim()
    .toLowerCase();
}
