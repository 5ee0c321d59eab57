import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTask } from '../../harness/task/loader.js';
import { prepareTask } from '../../harness/task/prepare.js';
import { FileFormatError } from '../../harness/util/json-file.js';
import { checkTaskStructure } from '../../harness/verification/structure.js';
import { manifest, tempDir } from '../helpers/fixture-task.js';

const RAW = 'x,label\n' + Array.from({ length: 40 }, (_, i) => `${i},${['a', 'b', 'c'][i % 3]}`).join('\n') + '\n';

const DETERMINISTIC = `
import numpy as np, pandas as pd
def prepare(raw_dir, public_dir, private_dir):
    df = pd.read_csv(raw_dir / "data.csv")
    order = np.random.default_rng(0).permutation(len(df))
    df = df.iloc[order].reset_index(drop=True)
    df.insert(0, "id", range(len(df)))
    train, test = df.iloc[:30], df.iloc[30:]
    train.to_csv(public_dir / "train.csv", index=False)
    test.drop(columns=["label"]).to_csv(public_dir / "test.csv", index=False)
    pd.DataFrame({"id": test["id"], "label": "a"}).to_csv(public_dir / "sample_submission.csv", index=False)
    board = ["public"] * 3 + ["private"] * 7
    pd.DataFrame({"id": test["id"], "label": test["label"], "leaderboard": board}).to_csv(private_dir / "answers.csv", index=False)
`;

function writeTask(root: string, id: string, prepare: string, rawSha?: string): string {
  const rawDir = path.join(root, 'raw');
  mkdirSync(rawDir, { recursive: true });
  writeFileSync(path.join(rawDir, 'data.csv'), RAW);
  const sha = rawSha ?? createHash('sha256').update(RAW).digest('hex');
  const dir = path.join(root, id);
  mkdirSync(dir, { recursive: true });
  const m = manifest({ id, dataset: { name: rawDir, source: 'test', license: 'CC0', sha256: { 'data.csv': sha } }, split: { seed: 0, rows: { train: 30, test: 10 }, publicLeaderboardFraction: 0.3 } });
  writeFileSync(path.join(dir, 'task.json'), JSON.stringify(m));
  writeFileSync(path.join(dir, 'prepare.py'), prepare);
  writeFileSync(path.join(dir, 'description.md'), 'A fixture task. '.repeat(20));
  return dir;
}

describe('prepareTask', () => {
  it('materializes deterministic data, records its hashes, and is up to date on a second call', async () => {
    const dir = writeTask(tempDir(), 'good', DETERMINISTIC);
    const task = await loadTask(dir);
    const first = await prepareTask(task);
    expect(first.status).toBe('prepared');
    expect(first.files).toBe(4);
    const record = JSON.parse(readFileSync(path.join(dir, 'data', 'prepared.json'), 'utf8'));
    expect(Object.keys(record.files).sort()).toEqual(['private/answers.csv', 'public/sample_submission.csv', 'public/test.csv', 'public/train.csv']);
    expect((await prepareTask(task)).status).toBe('up-to-date');
    expect((await prepareTask(task, { force: true })).digest).toBe(first.digest);
    const check = await checkTaskStructure(task);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  });

  it('notices data edited after preparation', async () => {
    const dir = writeTask(tempDir(), 'edited', DETERMINISTIC);
    const task = await loadTask(dir);
    await prepareTask(task);
    writeFileSync(path.join(dir, 'data', 'public', 'train.csv'), 'tampered\n');
    expect((await checkTaskStructure(task)).problems.join()).toMatch(/changed since they were prepared/);
    expect((await prepareTask(task)).status).toBe('prepared');
  });

  it('refuses a prepare.py whose two runs differ, and keeps no data', async () => {
    const racy = DETERMINISTIC.replace('default_rng(0)', 'default_rng()');
    const dir = writeTask(tempDir(), 'racy', racy);
    await expect(prepareTask(await loadTask(dir))).rejects.toThrow(/not deterministic: two runs differ in .*csv/);
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('reports a crashing prepare.py with the end of its traceback', async () => {
    const dir = writeTask(tempDir(), 'crash', DETERMINISTIC.replace('df = pd.read_csv', 'raise ValueError("column x is broken")\n    df = pd.read_csv'));
    await expect(prepareTask(await loadTask(dir))).rejects.toThrow(/prepare.py failed \(exit 1\):[\s\S]*ValueError: column x is broken/);
  });

  it('runs prepare.py in the sandbox: raw data read-only, no network, no host environment', async () => {
    process.env.ARENA_TEST_SECRET = 'leak-me';
    const probe = DETERMINISTIC.replace(
      'df = pd.read_csv',
      `import os, socket
    assert "ARENA_TEST_SECRET" not in os.environ, "environment leaked"
    try:
        (raw_dir / "data.csv").write_text("tampered")
        raise AssertionError("raw data was writable")
    except OSError:
        pass
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=2)
        raise AssertionError("network reachable")
    except OSError:
        pass
    df = pd.read_csv`,
    );
    const dir = writeTask(tempDir(), 'confined', probe);
    expect((await prepareTask(await loadTask(dir))).status).toBe('prepared');
    expect(readFileSync(path.join(path.dirname(dir), 'raw', 'data.csv'), 'utf8')).toBe(RAW);
  });

  it('reports missing outputs by name', async () => {
    const dir = writeTask(tempDir(), 'partial', DETERMINISTIC.replace(/\n.*answers\.csv.*\n/, '\n'));
    await expect(prepareTask(await loadTask(dir))).rejects.toThrow(/did not write private\/answers.csv/);
  });

  it('refuses raw data that differs from the hashes in task.json', async () => {
    const dir = writeTask(tempDir(), 'drift', DETERMINISTIC, 'f'.repeat(64));
    await expect(prepareTask(await loadTask(dir))).rejects.toThrow(/raw file data.csv has sha256 [0-9a-f]{64}, task.json dataset.sha256 expects f{64}/);
  });
});

describe('loadTask', () => {
  it('names the file and field of a schema error', async () => {
    const dir = writeTask(tempDir(), 'bad-field', DETERMINISTIC);
    const m = JSON.parse(readFileSync(path.join(dir, 'task.json'), 'utf8'));
    m.metric.higherIsBetter = 'yes';
    m.split.publicLeaderboardFraction = 2;
    writeFileSync(path.join(dir, 'task.json'), JSON.stringify(m));
    const err = await loadTask(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileFormatError);
    const message = (err as Error).message;
    expect(message).toContain(path.join(dir, 'task.json'));
    expect(message).toMatch(/field metric\.higherIsBetter: .*boolean/);
    expect(message).toMatch(/field split\.publicLeaderboardFraction/);
  });

  it('reports invalid JSON and a missing manifest', async () => {
    const dir = writeTask(tempDir(), 'bad-json', DETERMINISTIC);
    writeFileSync(path.join(dir, 'task.json'), '{"id": ');
    await expect(loadTask(dir)).rejects.toThrow(/task\.json: not valid JSON/);
    await expect(loadTask(path.join(dir, 'nope'))).rejects.toThrow(/not a directory/);
  });

  it('refuses an id that differs from the directory name', async () => {
    const root = tempDir();
    const dir = writeTask(root, 'named', DETERMINISTIC);
    const m = JSON.parse(readFileSync(path.join(dir, 'task.json'), 'utf8'));
    m.id = 'other';
    writeFileSync(path.join(dir, 'task.json'), JSON.stringify(m));
    await expect(loadTask(dir)).rejects.toThrow(/field id: "other" does not match the directory name "named"/);
  });
});
