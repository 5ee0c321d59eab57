import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../harness/arena/run-store.js';
import { runEval } from '../../harness/arena/runner.js';
import { maxSubmissionBytes } from '../../harness/grading/read-submission.js';
import type { BackendName } from '../../harness/sandbox/types.js';
import type { Task } from '../../harness/task/loader.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

/** Every file under a directory, with its size and mode. */
function walk(dir: string): { file: string; size: number; mode: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      const info = statSync(file);
      return { file, size: info.size, mode: info.mode };
    });
}

const COPY_SAMPLE = "import shutil\nshutil.copy('/data/sample_submission.csv', 'submission.csv')";

/** The traps an agent's code can leave for the harness between steps, played as one whole episode. */
const TRAPS = [
  // 1: FIFOs where the harness will look next (the next step's script, the submission), a link as step 3's script.
  { type: 'execute_code', code: "import os\nos.mkfifo('step_2.py')\nos.mkfifo('submission.csv')\nopen('victim.txt', 'w').write('UNCHANGED')\nos.symlink('victim.txt', 'step_3.py')" },
  // 2: a sparse 190 MiB submission: costs the agent no disk, would cost the harness 190 MiB of copy.
  { type: 'execute_code', code: "import os\nprint('STEP2 RAN')\nos.remove('submission.csv')\nwith open('submission.csv', 'wb') as f:\n    f.truncate(190 << 20)" },
  // 3: a valid submission with the set-uid bit; prints what the link planted as step_3.py points to.
  { type: 'execute_code', code: `import os\nos.remove('submission.csv')\n${COPY_SAMPLE}\nos.chmod('submission.csv', 0o6755)\nprint('VICTIM', open('victim.txt').read())` },
  // 4: the exit status the harness once read as "could not join the cgroups".
  { type: 'execute_code', code: 'import os\nos._exit(125)' },
  // 5: a header whose one column name is 8 MiB.
  { type: 'execute_code', code: "open('submission.csv', 'w').write('id,' + 'x' * (8 << 20) + '\\n1,a\\n')" },
  { type: 'submit', step: 3 },
];

/**
 * A whole episode of attacks on the harness through the environment, on one backend: each trap
 * must be contained and reported, the episode must end in time and be recorded as the agent's.
 */
export function defineEpisodeAttackSuite(runtime: BackendName): void {
  describe(`episode attacks through the environment: ${runtime}`, () => {
    let task: Task;
    let suiteDir = '';

    beforeAll(async () => {
      const suite = await preparedSuite(['iris-species'], `attacks-${runtime}`);
      suiteDir = suite.dir;
      task = suite.tasks[0]!;
    });

    it('contains FIFO traps, a sparse submission, a set-uid file, exit 125, a linked step script and an oversized column name', async () => {
      const out = path.join(tempDir('arena-attacks-'), 'run');
      const replay = path.join(out, '..', 'traps.jsonl');
      writeFileSync(replay, TRAPS.map((a) => JSON.stringify(a)).join('\n') + '\n');
      const started = performance.now();
      const { episodes } = await runEval({ suites: [suiteDir], agents: [`replay:${replay}`], seeds: 1, concurrency: 1, runtime, outDir: out, stepTimeoutSec: 60 });
      expect(performance.now() - started).toBeLessThan(180_000);
      const [episode] = episodes;
      // The agent's result, not an infrastructure error to be re-run: its chosen step 3 counts.
      expect(episode).toMatchObject({ status: 'completed', attempts: 1, final_step: 3, valid: 1 });
      expect(episode!.score).not.toBeNull();

      const store = new RunStore(path.join(out, 'run.sqlite'), 'run');
      const steps = store.stepsOf(episode!.id);
      store.close();
      expect(steps.map((s) => s.action)).toEqual(['execute_code', 'execute_code', 'execute_code', 'execute_code', 'execute_code', 'submit']);
      const [fifo, sparse, setuid, exit125, huge] = steps;
      expect(fifo).toMatchObject({ ok: 0, error_kind: 'invalid_submission' });
      expect(fifo!.error_message).toMatch(/\[not_a_file\].*not a regular file/);
      expect(sparse).toMatchObject({ ok: 0, error_kind: 'invalid_submission' });
      expect(sparse!.error_message).toMatch(/\[file_too_large\]/);
      expect(setuid).toMatchObject({ ok: 1, error_kind: null });
      expect(exit125).toMatchObject({ ok: 0, error_kind: 'runtime_error' });
      expect(huge).toMatchObject({ ok: 0, error_kind: 'invalid_submission' });
      expect(huge!.error_message!.length).toBeLessThan(4096);

      const transcript = readFileSync(path.join(out, 'episodes', episode!.id.replace(/[^A-Za-z0-9._-]+/g, '_'), 'transcript.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; step?: number; stdout?: string; observation?: string });
      const stepRecords = transcript.filter((r) => r.kind === 'step');
      // Step 2's script went to a fresh name (the FIFO was never opened), and ran.
      expect(stepRecords[1]!.stdout).toContain('STEP2 RAN');
      // Step 3's script was not written through the link: the file it points to is intact.
      expect(stepRecords[2]!.stdout).toContain('VICTIM UNCHANGED');
      for (const r of stepRecords) expect((r.observation ?? '').length).toBeLessThan(64 * 1024);

      // The run directory holds no set-uid or set-gid file and no copy over the grader's size limit.
      const limit = maxSubmissionBytes(task.manifest.split.rows.test, task.manifest.submission.columns.length);
      for (const f of walk(out)) {
        expect(f.mode & 0o6000, f.file).toBe(0);
        if (f.file.includes(`${path.sep}submissions${path.sep}`)) expect(f.size, f.file).toBeLessThanOrEqual(limit);
      }
      const copies = walk(out).filter((f) => f.file.includes(`${path.sep}submissions${path.sep}`));
      // Nothing was copied of the FIFO or the sparse file; what was copied is a plain 0644 file.
      expect(copies.map((f) => path.basename(f.file)).sort()).toEqual(['step_3.csv', 'step_5.csv']);
      for (const c of copies) expect(c.mode & 0o7777).toBe(0o644);
    });
  });
}
