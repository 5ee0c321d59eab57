/**
 * A set of UTF-8 byte strings numbered in the order they were added, looked up by a byte range
 * (a field of csv-bytes.ts) without making a string. Keys live in one growing byte array: a
 * million ids cost a few bytes each, not a string object each.
 */
export class ByteKeys {
  private arena = new Uint8Array(1024);
  private used = 0;
  /** Key i is arena[offsets[i], offsets[i + 1]). */
  private offsets = new Int32Array(64);
  private count = 0;
  /** Open addressing: key index + 1, or 0 for an empty slot. */
  private table = new Int32Array(128);

  static of(keys: readonly string[]): ByteKeys {
    const set = new ByteKeys();
    for (const key of keys) set.addText(key);
    return set;
  }

  get size(): number {
    return this.count;
  }

  /** The index of bytes[start, end), or -1. */
  indexOf(bytes: Uint8Array, start: number, end: number): number {
    const mask = this.table.length - 1;
    for (let slot = hash(bytes, start, end) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot]!;
      if (entry === 0) return -1;
      if (this.matches(entry - 1, bytes, start, end)) return entry - 1;
    }
  }

  indexOfText(key: string): number {
    const bytes = Buffer.from(key, 'utf8');
    return this.indexOf(bytes, 0, bytes.length);
  }

  /**
   * Adds bytes[start, end) as the next key and returns its index; or, when it is there already,
   * returns -1 - (the index it has).
   */
  add(bytes: Uint8Array, start: number, end: number): number {
    const found = this.indexOf(bytes, start, end);
    if (found >= 0) return -1 - found;
    const length = end - start;
    if (this.used + length > this.arena.length) this.arena = grown(this.arena, this.used + length);
    this.arena.set(bytes.subarray(start, end), this.used);
    if (this.count + 2 > this.offsets.length) this.offsets = grown(this.offsets, this.count + 2);
    this.offsets[this.count] = this.used;
    this.used += length;
    this.offsets[this.count + 1] = this.used;
    this.count++;
    if (this.count * 2 > this.table.length) this.rehash();
    else this.place(this.count - 1);
    return this.count - 1;
  }

  addText(key: string): number {
    const bytes = Buffer.from(key, 'utf8');
    return this.add(bytes, 0, bytes.length);
  }

  /** Key i as text. */
  text(i: number): string {
    return Buffer.from(this.arena.buffer, this.arena.byteOffset, this.used).toString('utf8', this.offsets[i], this.offsets[i + 1]);
  }

  private matches(i: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.offsets[i]!;
    if (this.offsets[i + 1]! - from !== end - start) return false;
    for (let k = start; k < end; k++) if (this.arena[from + k - start] !== bytes[k]) return false;
    return true;
  }

  private place(i: number): void {
    const mask = this.table.length - 1;
    let slot = hash(this.arena, this.offsets[i]!, this.offsets[i + 1]!) & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = i + 1;
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2);
    for (let i = 0; i < this.count; i++) this.place(i);
  }
}

/** FNV-1a over the bytes. */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  return h >>> 0;
}

function grown<T extends Uint8Array | Int32Array>(array: T, atLeast: number): T {
  const next = new (array.constructor as new (n: number) => T)(Math.max(atLeast, array.length * 2));
  next.set(array);
  return next;
}
