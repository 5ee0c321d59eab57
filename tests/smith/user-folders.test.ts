import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { generate } from '../../harness/smith/pipeline.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { parseCsv } from '../../harness/tabular/csv.js';
import { runPython } from '../../harness/util/python.js';
import { tempDir } from '../helpers/fixture-task.js';

/**
 * Folders laid out as a user would: one subfolder per label, holding images or text files; 130 of
 * each (390 rows), so that a test share of at most 40% still holds the 150 test rows a task needs.
 */
const IMAGES = `
import sys, csv, shutil, pathlib
source, root = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
# Three garments that look alike (a real, unsaturated task): T-shirt/top, Pullover, Shirt.
wanted, count = {"T-shirt/top", "Pullover", "Shirt"}, {}
for row in csv.DictReader(open(source / "labels.csv")):
    label = row["label"]
    if label not in wanted or count.get(label, 0) >= 130:
        continue
    count[label] = count.get(label, 0) + 1
    folder = root / label.replace("/", "-")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / row["image"], folder / f"scan-{count[label]:03d}.png")
`;
const TEXTS = `
import sys, csv, pathlib
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
root = pathlib.Path(sys.argv[2])
for category in ("computers", "food", "love"):
    picked = [r for r in rows if r["category"] == category][:130]
    for i, r in enumerate(picked):
        folder = root / category
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:03d}.txt").write_text(r["text"], encoding="utf-8")
`;

async function run(folder: string) {
  const out = path.join(path.dirname(folder), 'suite');
  return { out, summary: await generate({ datasets: [folder], outDir: out, roles: heuristicRoles, perDataset: 2, concurrency: 2, runtime: 'local', maxRetries: 1 }) };
}

describe('arena generate on user folders of labelled files', () => {
  it('turns a folder of images per label into an image task whose file names say nothing of the label', async () => {
    const { dir } = await fetchDataset('fashion-mnist');
    const folder = path.join(tempDir('smith-images-'), 'scans');
    const made = await runPython(['-c', IMAGES, dir, folder]);
    expect(made.code, made.stderr).toBe(0);
    const { out, summary } = await run(folder);
    expect(summary.tasks.map((t) => `${t.id}: ${t.verdict} ${t.reason ?? ''}`).join('\n')).toMatch(/label-multiclass: verified/);
    const task = summary.tasks.find((t) => t.verdict === 'verified')!;
    const manifest = JSON.parse(readFileSync(path.join(out, task.id, 'task.json'), 'utf8'));
    expect(manifest.modality).toBe('image');
    const train = parseCsv(readFileSync(path.join(out, task.id, 'data', 'public', 'train.csv'), 'utf8'));
    const at = train.header.indexOf('image');
    expect(at).toBeGreaterThanOrEqual(0);
    for (const row of train.rows.slice(0, 20)) {
      expect(existsSync(path.join(out, task.id, 'data', 'public', row[at]!))).toBe(true);
      expect(row[at]).not.toMatch(/shirt|pullover|scan/i);
    }
    const record = JSON.parse(readFileSync(path.join(out, task.id, 'verification.json'), 'utf8'));
    const last = record.attempts[record.attempts.length - 1];
    expect(last.checks.find((c: { id: string }) => c.id === 'path-names-target')).toMatchObject({ ok: true });
  });

  it('turns a folder of text files per label into a text task, or says why not', async () => {
    const { dir } = await fetchDataset('fortunes');
    const folder = path.join(tempDir('smith-texts-'), 'quotes');
    const made = await runPython(['-c', TEXTS, path.join(dir, 'data.csv'), folder]);
    expect(made.code, made.stderr).toBe(0);
    const { out, summary } = await run(folder);
    for (const t of summary.tasks.filter((x) => x.verdict === 'rejected')) expect(t.reason).toMatch(/\S{10,}/);
    const verified = summary.tasks.filter((t) => t.verdict === 'verified');
    expect(verified.length).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(path.join(out, verified[0]!.id, 'task.json'), 'utf8'));
    expect(manifest.modality).toBe('text');
    expect(readFileSync(path.join(out, verified[0]!.id, 'data', 'public', 'test.csv'), 'utf8').split('\n')[0]).toBe('id,text');
  });
});
