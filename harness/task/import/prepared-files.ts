import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { scanCsvFile } from '../../tabular/csv.js';

/** A CSV's header and, when asked, its data rows. */
export interface CsvTable {
  header: string[];
  rows: string[][];
  /** Data rows in the file (all of them, even when `rows` holds only the first few). */
  count: number;
}

/** Reads a CSV: every row, or only the header and the count past `keepRows`. */
export async function readCsvTable(file: string, keepRows = Infinity): Promise<CsvTable> {
  let header: string[] = [];
  const rows: string[][] = [];
  let count = 0;
  await scanCsvFile(file, (fields, i) => {
    // The scanner may reuse its field array between records.
    if (i === 0) header = [...fields];
    else {
      count++;
      if (rows.length < keepRows) rows.push([...fields]);
    }
  });
  return { header, rows, count };
}

/** How the peer's prepared files become the task's train.csv, test.csv and sample_submission.csv. */
export interface FileMapping {
  /** The training table in public/, and why it was chosen. */
  train: { file: string; rows: number; why: string } | null;
  /** The table of test rows in public/; null when there is none and test.csv lists the sample's ids. */
  test: { file: string; why: string } | null;
  /** Names prepare.py writes under public/ and private/, as it spells them. */
  written: string[];
  /** Folders of public/ (per-row files), with their file counts and how many are images. */
  folders: { name: string; files: number; images: number }[];
  /** Other public files, copied as they are. */
  others: string[];
}

/** The file names a prepare.py writes: `public / "x.csv"`, `private / "y.csv"`, os.path.join(public, "z"). */
export function namesWrittenBy(prepareText: string): string[] {
  const names = new Set<string>();
  const patterns = [/\b(public|private)(?:_dir)?\s*\/\s*f?["']([^"'{}]+)["']/g, /os\.path\.join\(\s*(public|private)(?:_dir)?\s*,\s*["']([^"'{}]+)["']/g];
  for (const pattern of patterns) for (const m of prepareText.matchAll(pattern)) names.add(`${m[1]}/${m[2]}`);
  return [...names].sort();
}

const IMAGE_FILE = /\.(jpe?g|png|tiff?|bmp|gif|webp|dcm)$/i;

async function countFiles(dir: string): Promise<{ files: number; images: number }> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  return { files: files.length, images: files.filter((e) => IMAGE_FILE.test(e.name)).length };
}

/**
 * Maps the public files of a prepared competition. The training table is the public CSV that has
 * the answers' target columns; failing that, the one prepare.py names as training data; the test
 * table is a CSV with the id column and none of the targets.
 */
export async function mapPublicFiles(publicDir: string, sampleFile: string, idColumn: string, targets: string[], prepareText: string | null): Promise<FileMapping> {
  const entries = await readdir(publicDir, { withFileTypes: true });
  const folders = await Promise.all(entries.filter((e) => e.isDirectory()).map(async (e) => ({ name: e.name, ...(await countFiles(path.join(publicDir, e.name))) })));
  const csvs = entries.filter((e) => e.isFile() && e.name.endsWith('.csv') && e.name !== sampleFile).map((e) => e.name).sort();
  const headers = new Map<string, string[]>();
  for (const f of csvs) headers.set(f, (await readCsvTable(path.join(publicDir, f), 0)).header);
  const written = prepareText ? namesWrittenBy(prepareText) : [];
  const writtenPublic = new Set(written.filter((w) => w.startsWith('public/')).map((w) => w.slice('public/'.length)));
  const hasTargets = csvs.filter((f) => targets.length > 0 && targets.every((t) => headers.get(f)!.includes(t)));
  const namedTrain = csvs.filter((f) => /train|label/i.test(f) && (writtenPublic.size === 0 || writtenPublic.has(f)));
  const trainFile = hasTargets.find((f) => /train|label/i.test(f)) ?? hasTargets[0] ?? namedTrain[0] ?? null;
  const trainWhy = trainFile && hasTargets.includes(trainFile) ? `has the target columns ${targets.join(', ')}` : 'named as training data by prepare.py';
  const testCandidates = csvs.filter((f) => f !== trainFile && headers.get(f)!.includes(idColumn) && !targets.some((t) => headers.get(f)!.includes(t)));
  const testFile = testCandidates.find((f) => /test/i.test(f)) ?? null;
  const train = trainFile ? { file: trainFile, rows: (await readCsvTable(path.join(publicDir, trainFile), 0)).count, why: trainWhy } : null;
  return {
    train,
    test: testFile ? { file: testFile, why: `has the id column ${idColumn} and no target` } : null,
    written,
    folders,
    others: entries.filter((e) => e.isFile() && e.name !== sampleFile && e.name !== trainFile && e.name !== testFile).map((e) => e.name).sort(),
  };
}
