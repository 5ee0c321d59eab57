/** Row lookup by id. Answers with ids 0..n (the usual case) use an array, not a hash map. */
export interface IdIndex {
  get(id: string): number | undefined;
}

/** The value of a canonical non-negative integer ("0", "17"; not "017", "1.0", "+1"), else -1. */
function canonicalInt(s: string): number {
  const n = s.length;
  if (n === 0 || n > 9 || (n > 1 && s.charCodeAt(0) === 48)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

class DenseIndex implements IdIndex {
  constructor(private readonly rows: Int32Array) {}
  get(id: string): number | undefined {
    const v = canonicalInt(id);
    if (v < 0 || v >= this.rows.length) return undefined;
    const row = this.rows[v]!;
    return row < 0 ? undefined : row;
  }
}

/**
 * Builds an index over unique ids. Returns the row of the first duplicate instead when there is one.
 * Integer ids no sparser than 4 slots per row use the dense array; anything else a Map.
 */
export function buildIdIndex(ids: readonly string[]): IdIndex | { duplicateAt: number } {
  const values = new Int32Array(ids.length);
  let max = -1;
  let dense = true;
  for (let i = 0; i < ids.length && dense; i++) {
    const v = canonicalInt(ids[i]!);
    if (v < 0) dense = false;
    values[i] = v;
    if (v > max) max = v;
  }
  if (dense && max < 4 * ids.length + 16) {
    const rows = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < ids.length; i++) {
      const v = values[i]!;
      if (rows[v] !== -1) return { duplicateAt: i };
      rows[v] = i;
    }
    return new DenseIndex(rows);
  }
  const map = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    if (map.has(ids[i]!)) return { duplicateAt: i };
    map.set(ids[i]!, i);
  }
  return map;
}
