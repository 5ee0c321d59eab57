import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { parseCsv } from '../../harness/tabular/csv.js';

/** Points ARENA_HOME at a fresh temp dir for one test file; returns a cleanup. */
export async function useTempArenaHome(): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const previous = process.env.ARENA_HOME;
  const home = await mkdtemp(path.join(tmpdir(), 'arena-datasets-test-'));
  process.env.ARENA_HOME = home;
  return {
    home,
    cleanup: async () => {
      if (previous === undefined) delete process.env.ARENA_HOME;
      else process.env.ARENA_HOME = previous;
      await rm(home, { recursive: true, force: true });
    },
  };
}

export async function readTable(file: string): Promise<{ header: string[]; rows: string[][] }> {
  return parseCsv(await readFile(file, 'utf8'));
}

export function column(table: { header: string[]; rows: string[][] }, name: string): string[] {
  const i = table.header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${table.header.join(',')}`);
  return table.rows.map((r) => r[i]!);
}

/** Width, height, bit depth and colour type from a PNG's IHDR chunk (colour type 0 = grayscale). */
export function pngHeader(bytes: Buffer): { width: number; height: number; bitDepth: number; colorType: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bitDepth: bytes[24]!, colorType: bytes[25]! };
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A minimal 8-bit grayscale PNG with the given pixel rows. */
export function grayPng(rows: number[][]): Buffer {
  const height = rows.length;
  const width = rows[0]!.length;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const raw = Buffer.concat(rows.map((r) => Buffer.from([0, ...r])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
