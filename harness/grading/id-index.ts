import { ByteKeys } from '../tabular/byte-keys.js';

/**
 * The ids of the answers' rows, in row order, and the row of an id. Ids 0..n (the usual case)
 * are held as integers and looked up in an array; any others as bytes in a hash table. Lookups
 * take the bytes of a submission's field, so a million ids make no strings.
 */
export interface AnswerIds extends Iterable<string> {
  readonly length: number;
  /** The id of `row`, as the answers spell it. */
  at(row: number): string;
  /** The row of the id spelled by bytes[start, end), or -1. */
  rowOf(bytes: Uint8Array, start: number, end: number): number;
  /** The row of `id`, or -1. */
  rowOfText(id: string): number;
}

/** The value of a canonical non-negative integer ("0", "17"; not "017", "1.0", "+1"), else -1. */
function canonicalInt(bytes: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 0 || n > 9 || (n > 1 && bytes[start] === 48)) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

abstract class IdsBase implements AnswerIds {
  abstract readonly length: number;
  abstract at(row: number): string;
  abstract rowOf(bytes: Uint8Array, start: number, end: number): number;

  rowOfText(id: string): number {
    const bytes = Buffer.from(id, 'utf8');
    return this.rowOf(bytes, 0, bytes.length);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let row = 0; row < this.length; row++) yield this.at(row);
  }
}

class DenseIds extends IdsBase {
  /** values[row] is the id of row; rows[id] the row of id, or -1. */
  constructor(
    private readonly values: Int32Array,
    private readonly rows: Int32Array,
  ) {
    super();
  }
  get length(): number {
    return this.values.length;
  }
  at(row: number): string {
    return String(this.values[row]);
  }
  rowOf(bytes: Uint8Array, start: number, end: number): number {
    const v = canonicalInt(bytes, start, end);
    return v < 0 || v >= this.rows.length ? -1 : this.rows[v]!;
  }
}

class HashedIds extends IdsBase {
  constructor(private readonly keys: ByteKeys) {
    super();
  }
  get length(): number {
    return this.keys.size;
  }
  at(row: number): string {
    return this.keys.text(row);
  }
  rowOf(bytes: Uint8Array, start: number, end: number): number {
    return this.keys.indexOf(bytes, start, end);
  }
}

/** An id that appears twice: the 0-based row of its second appearance. */
export interface Duplicate {
  duplicateAt: number;
  id: string;
}

/**
 * Collects the answers' ids as they are read. Integers are kept as integers while every id is
 * one; the first other id moves them all to the hash table.
 */
export class AnswerIdsBuilder {
  private values: Int32Array | null = new Int32Array(1024);
  private keys: ByteKeys | null = null;
  private count = 0;
  private max = -1;
  /** The first id seen twice and the row it is seen again on, found as the hash table fills (integers: at the end). */
  private duplicate: Duplicate | null = null;

  add(bytes: Uint8Array, start: number, end: number): void {
    if (this.values) {
      const v = canonicalInt(bytes, start, end);
      if (v >= 0) {
        if (this.count === this.values.length) {
          const next = new Int32Array(this.count * 2);
          next.set(this.values);
          this.values = next;
        }
        this.values[this.count++] = v;
        if (v > this.max) this.max = v;
        return;
      }
      this.keys = this.hashIntegers();
    }
    const added = this.keys!.add(bytes, start, end);
    if (added < 0 && !this.duplicate) this.duplicate = { duplicateAt: this.count, id: this.keys!.text(-1 - added) };
    this.count++;
  }

  addText(id: string): void {
    const bytes = Buffer.from(id, 'utf8');
    this.add(bytes, 0, bytes.length);
  }

  get size(): number {
    return this.count;
  }

  /** The ids, or the first duplicate. Integers no sparser than 4 slots per row use the array. */
  finish(): AnswerIds | Duplicate {
    if (this.values && this.max < 4 * this.count + 16) {
      const values = this.values.slice(0, this.count);
      const rows = new Int32Array(this.max + 1).fill(-1);
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (rows[v] !== -1) return { duplicateAt: i, id: String(v) };
        rows[v] = i;
      }
      return new DenseIds(values, rows);
    }
    const keys = this.keys ?? this.hashIntegers();
    return this.duplicate ?? new HashedIds(keys);
  }

  /** The integer ids so far, moved to a hash table of their spellings. */
  private hashIntegers(): ByteKeys {
    const keys = new ByteKeys();
    for (let i = 0; i < this.count; i++) {
      const id = String(this.values![i]);
      if (keys.addText(id) < 0 && !this.duplicate) this.duplicate = { duplicateAt: i, id };
    }
    this.values = null;
    return keys;
  }
}
