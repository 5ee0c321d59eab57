import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskEnvironment, type StepRecord } from '../../harness/arena/environment.js';
import { gradeSubmission } from '../../harness/grading/grade.js';
import { limitsForTask } from '../../harness/sandbox/limits.js';
import { localBackend } from '../../harness/sandbox/local/backend.js';
import type { Task } from '../../harness/task/loader.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';
import { ExecOnlySandbox } from './exec-only-sandbox.js';

let iris: Task;
let sandbox: ExecOnlySandbox;

beforeAll(async () => {
  iris = (await preparedSuite(['iris-species'])).tasks[0]!;
  sandbox = new ExecOnlySandbox(await localBackend.create({ name: 'exec-only', publicDir: iris.paths.publicDir, limits: limitsForTask(iris.manifest) }));
});

afterAll(async () => {
  await sandbox?.destroy();
});

const UNIFORM = `import pandas as pd
test = pd.read_csv('/data/test.csv')
sub = pd.DataFrame({'id': test['id']})
for c in ['setosa', 'versicolor', 'virginica']:
    sub[c] = 1 / 3
sub.to_csv('submission.csv', index=False)`;

// The arena and the grader against a sandbox whose workspace the harness reaches only by exec:
// nothing of them needs a host path of it.
describe('a sandbox reachable only through exec', () => {
  it('reads and writes workspace files, refusing links, FIFOs, oversized files and existing names', async () => {
    await sandbox.writeFile('code/a.py', "print('from harness')");
    expect((await sandbox.exec(['/usr/bin/python3', 'code/a.py'], { timeoutSec: 30 })).stdout).toBe('from harness\n');
    const binary = Buffer.from([0, 255, 10, 13, 1, 2, 3]);
    await sandbox.writeFile('bin.dat', binary);
    expect(await sandbox.readFile('bin.dat')).toEqual(binary);
    await sandbox.runPython("import os\nos.mkfifo('trap.fifo')\nos.symlink('/etc/hostname', 'link.txt')\nos.symlink('code', 'dirlink')\nwith open('sparse.bin', 'wb') as f:\n    f.truncate(32 << 20)", { timeoutSec: 30 });
    await expect(sandbox.readFile('trap.fifo')).rejects.toMatchObject({ kind: 'not_a_file' });
    await expect(sandbox.writeFile('trap.fifo', 'x')).rejects.toMatchObject({ kind: 'not_a_file' });
    await expect(sandbox.readFile('link.txt')).rejects.toMatchObject({ kind: 'symlink' });
    await expect(sandbox.writeFile('link.txt', 'x')).rejects.toMatchObject({ kind: 'symlink' });
    await expect(sandbox.readFile('dirlink/a.py')).rejects.toThrow(/passes through a symbolic link \(dirlink\)/);
    await expect(sandbox.readFile('sparse.bin', { maxBytes: 1 << 20 })).rejects.toThrow(/is 33554432 bytes, over the limit of 1048576/);
    await expect(sandbox.readFile('nothing.csv')).rejects.toMatchObject({ kind: 'missing' });
    await expect(sandbox.readFile('../etc/passwd')).rejects.toMatchObject({ kind: 'outside' });
    await expect(sandbox.writeFile('bin.dat', 'y', { exclusive: true })).rejects.toThrow(/already exists/);
    await sandbox.runPython("import os\nfor f in ['trap.fifo', 'link.txt', 'dirlink', 'sparse.bin', 'bin.dat']: os.remove(f)", { timeoutSec: 30 });
  });

  it('lets the environment grade a submission, and refuse a FIFO or a link as one, with the messages of any backend', async () => {
    const records: StepRecord[] = [];
    const env = new TaskEnvironment(iris, sandbox, { maxSteps: 6, stepTimeoutSec: 60, totalTimeSec: 600, episodeDir: tempDir('arena-exec-only-'), onStep: (r) => records.push(r) });
    await env.start();
    const valid = await env.step({ type: 'execute_code', code: UNIFORM });
    expect(valid.ok).toBe(true);
    const copy = records.at(-1)!.submission!.file;
    // The copy is byte for byte what the code wrote, and the grader's score of it is the one shown.
    expect(readFileSync(copy)).toEqual(await sandbox.readFile('submission.csv'));
    expect(valid.publicScore).toBe((await gradeSubmission(iris, copy)).publicScore);
    const fifo = await env.step({ type: 'execute_code', code: "import os\nos.remove('submission.csv')\nos.mkfifo('submission.csv')" });
    expect(fifo.error?.kind).toBe('invalid_submission');
    expect(fifo.text).toMatch(/\[not_a_file\] \.\/submission\.csv is not a regular file/);
    const link = await env.step({ type: 'execute_code', code: "import os\nos.remove('submission.csv')\nos.symlink('/etc/passwd', 'submission.csv')" });
    expect(link.text).toMatch(/\[symlink\]/);
    await env.step({ type: 'submit' });
    expect(env.result()).toMatchObject({ finalStep: 1, valid: true });
  });
});
