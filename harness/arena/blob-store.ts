import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';

/**
 * Text kept once by content: each distinct text is one deflated row, found by its hash and
 * referred to by its row id (short, so lists of references stay small).
 */
export const BLOB_SCHEMA = `
CREATE TABLE IF NOT EXISTS blobs (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  chars INTEGER NOT NULL,
  data BLOB NOT NULL
);
`;

/** 128 bits of SHA-256: collisions are out of reach for any number of texts a run holds. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export class BlobStore {
  private readonly find: Database.Statement | undefined;
  private readonly insert: Database.Statement | undefined;
  private readonly select: Database.Statement | undefined;

  /** `db` may be read-only, or an old run without the table (every read is then a miss). */
  constructor(db: Database.Database, writable: boolean) {
    const present = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'blobs'").get() !== undefined;
    if (writable) {
      this.find = db.prepare('SELECT id FROM blobs WHERE hash = ?').pluck();
      this.insert = db.prepare('INSERT INTO blobs (hash, chars, data) VALUES (?, ?, ?)');
    }
    this.select = present || writable ? db.prepare('SELECT data FROM blobs WHERE id = ?').pluck() : undefined;
  }

  /** Stores `text` (once) and returns its id. */
  put(text: string): number {
    if (!this.find || !this.insert) throw new Error('blob store opened read-only');
    const hash = textHash(text);
    const known = this.find.get(hash) as number | undefined;
    if (known !== undefined) return known;
    return Number(this.insert.run(hash, text.length, deflateRawSync(Buffer.from(text, 'utf8'))).lastInsertRowid);
  }

  get(id: number): string | undefined {
    const data = this.select?.get(id) as Buffer | undefined;
    return data ? inflateRawSync(data).toString('utf8') : undefined;
  }
}
