import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore, episodeId } from '../../harness/arena/run-store.js';
import { buildReportModel } from '../../harness/report/build-model.js';
import { collectRuns } from '../../harness/report/collect.js';
import { readReference } from '../../harness/report/reference.js';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { runPython } from '../../harness/util/python.js';
import { manifest, tempDir } from '../helpers/fixture-task.js';

const run = promisify(execFile);
const AGENTS = ['baseline:gbm', 'baseline:linear', 'baseline:trivial', 'baseline:forest'];
/** Skill per agent: higher is better on every task, with task-specific noise so the sets differ a little. */
const SKILL: Record<string, number> = { 'baseline:gbm': 0.9, 'baseline:forest': 0.8, 'baseline:linear': 0.7, 'baseline:trivial': 0.3 };

let root = '';
let runDir = '';

/** A suite of `n` accuracy tasks with anchors, written as task directories with suite.json. */
function writeSuite(name: string, origin: 'human' | 'smith', n: number): { dir: string; ids: string[] } {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  const ids = Array.from({ length: n }, (_, i) => `${name}-task-${i}`);
  for (const id of ids) {
    mkdirSync(path.join(dir, id), { recursive: true });
    const m = manifest({ id, modality: i(id) % 2 ? 'text' : 'tabular', anchors: { trivial: 0.3, reference: 0.9, optimum: 1 } });
    writeFileSync(path.join(dir, id, 'task.json'), JSON.stringify(m, null, 2));
  }
  writeFileSync(path.join(dir, 'suite.json'), JSON.stringify({ name, version: '1', origin, tasks: ids }));
  return { dir, ids };
}

function i(id: string): number {
  return Number(id.split('-').pop());
}

beforeAll(() => {
  root = tempDir('report-build-');
  runDir = path.join(root, 'run-1');
  mkdirSync(runDir);
  const store = new RunStore(path.join(runDir, 'run.sqlite'), 'run-1');
  store.ensureRun({});
  const suites = [writeSuite('human-set', 'human', 8), writeSuite('smith-set', 'smith', 10)];
  for (const [s, suite] of suites.entries()) {
    const suiteName = s === 0 ? 'human-set' : 'smith-set';
    store.planEpisodes(suite.ids.flatMap((taskId) => AGENTS.map((agentId) => ({ suite: suiteName, taskId, taskDir: path.join(suite.dir, taskId), agentId, seed: 0 }))));
    for (const taskId of suite.ids) {
      for (const agentId of AGENTS) {
        const id = episodeId({ suite: suiteName, taskId, agentId, seed: 0 });
        store.startEpisode(id, 'baseline');
        const score = Math.min(1, SKILL[agentId]! + 0.02 * ((i(taskId) * 7 + agentId.length) % 3));
        const steps = [
          { step: 1, action: 'request_info' as const, ok: true, wallMs: 1, cpuMs: 1, observation: '' },
          { step: 2, action: 'execute_code' as const, ok: true, wallMs: 1, cpuMs: 1, observation: '', submission: { valid: true, publicScore: score, privateScore: score - 0.05, file: 'a.csv' } },
          { step: 3, action: 'execute_code' as const, ok: true, wallMs: 1, cpuMs: 1, observation: '', submission: { valid: true, publicScore: score, privateScore: score, file: 'b.csv' } },
        ];
        steps.forEach((r, k) => store.recordStep(id, k, r));
        const infra = taskId === 'smith-set-task-9' && agentId === 'baseline:forest';
        store.finishEpisode(id, { status: infra ? 'infra_error' : 'completed', finalStep: 3, score: infra ? null : score, publicScore: score, valid: !infra, steps: 3, error: infra ? 'sandbox: out of memory' : null, stopReason: 'submitted', wallMs: 1000 });
      }
    }
  }
  store.close();
});

describe('the report model built from a run', () => {
  it('rates agents in skill order on each set, with intervals around the estimate', async () => {
    const model = await buildReportModel(await collectRuns([runDir]), { resamples: 200 });
    expect(model.sets!.map((s) => s.name)).toEqual(['generated', 'human', 'combined']);
    for (const set of model.sets!) {
      const elo = Object.fromEntries(set.scores.map((s) => [s.agent, s.elo!.value]));
      expect(elo['baseline:gbm']).toBeGreaterThan(elo['baseline:forest']!);
      expect(elo['baseline:forest']).toBeGreaterThan(elo['baseline:linear']!);
      expect(elo['baseline:linear']).toBeGreaterThan(elo['baseline:trivial']!);
      for (const s of set.scores) expect(s.elo!.lo).toBeLessThanOrEqual(s.elo!.value + 1e-9);
    }
    const gbm = model.leaderboard.find((r) => r.agent === 'baseline:gbm')!;
    // Anchors trivial 0.3 and reference 0.9: gbm's scores 0.90..0.94 normalize to about 1.
    expect(gbm.normalized.value).toBeGreaterThan(0.99);
    expect(gbm.normalized.value).toBeLessThan(1.08);
    expect(model.leaderboard.find((r) => r.agent === 'baseline:trivial')!.normalized.value).toBeLessThan(0.05);
  });

  it('correlates the generated and human sets, agreeing with scipy', async () => {
    const model = await buildReportModel(await collectRuns([runDir]), { resamples: 200 });
    const elo = model.correlations!.find((c) => c.measure === 'Elo')!;
    expect(elo.points).toHaveLength(4);
    const xs = elo.points.map((p) => p.x);
    const ys = elo.points.map((p) => p.y);
    const py = await runPython(['-c', `import json,sys; from scipy import stats; x,y=json.loads(sys.argv[1]); print(json.dumps([stats.pearsonr(x,y)[0], stats.spearmanr(x,y)[0], stats.kendalltau(x,y)[0], stats.kendalltau(x,y)[1]]))`, JSON.stringify([xs, ys])]);
    const [r, rho, tau, pTau] = JSON.parse(py.stdout) as number[];
    expect(elo.pearson.value).toBeCloseTo(r!, 9);
    expect(elo.spearman.value).toBeCloseTo(rho!, 9);
    expect(elo.kendall.value).toBeCloseTo(tau!, 9);
    expect(elo.kendall.p!).toBeCloseTo(pTau!, 9);
  });

  it('leaves infrastructure failures out, says so, and labels the offline default', async () => {
    const model = await buildReportModel(await collectRuns([runDir]));
    expect(model.labels!.join(' ')).toContain('1 unfinished or infrastructure-failed episodes left out');
    expect(model.labels![0]).toContain('offline agents, no model called — offline default');
    expect(model.offline).toBe(true);
    const forest = model.episodes!.find((e) => e.task === 'smith-set-task-9' && e.agent === 'baseline:forest')!;
    expect(forest.status).toBe('infra_error');
    expect(forest.normalized).toBeNull();
    const curves = model.curves!.filter((c) => c.kind === 'modality');
    expect(curves.map((c) => c.value).sort()).toEqual(['tabular', 'text']);
    // request_info is not a step on the curve: two counted steps, the second the best.
    const gbm = curves[0]!.points.filter((p) => p.agent === 'baseline:gbm');
    expect(gbm.map((p) => p.step)).toEqual([1, 2]);
    expect(gbm[1]!.mean).toBeGreaterThan(gbm[0]!.mean);
  });

  it('correlates with a published reference by model name, and explains when it cannot', async () => {
    const csv = path.join(root, 'published.csv');
    writeFileSync(csv, 'model,elo,source\nGBM,1300,paper\nlinear,1000,paper\nTrivial,700,paper\nforest,1200,paper\nother,900,paper\n');
    const reference = await readReference(csv);
    const model = await buildReportModel(await collectRuns([runDir]), { reference, resamples: 200 });
    const published = model.correlations!.find((c) => c.measure === 'Elo vs published')!;
    expect(published.points.map((p) => p.agent).sort()).toEqual(['forest', 'gbm', 'linear', 'trivial']);
    expect(published.spearman.value).toBeCloseTo(1, 12);

    writeFileSync(csv, 'model,elo\ngpt-4o,1100\no3,1200\n');
    const none = await buildReportModel(await collectRuns([runDir]), { reference: await readReference(csv), resamples: 200 });
    expect(none.labels!.join(' ')).toMatch(/needs at least 3 agents on both sides, found 0/);
  });

  it('rejects a malformed reference, naming the row and column', async () => {
    const csv = path.join(root, 'bad.csv');
    writeFileSync(csv, 'model,elo\na,1000\nb,n/a\n');
    await expect(readReference(`${csv}:elo`)).rejects.toThrow(/row 3, column elo: "n\/a" is not a number/);
    writeFileSync(csv, 'who,elo\na,1\n');
    await expect(readReference(csv)).rejects.toThrow(/no model column/);
  });
});

describe('arena report (CLI)', () => {
  const cli = path.join(REPO_ROOT, 'bin', 'arena.js');

  it('writes the report and prints the leaderboard as JSON', async () => {
    const out = path.join(root, 'report');
    const { stdout } = await run('node', [cli, 'report', runDir, '--out', out, '--resamples', '200', '--json']);
    const result = JSON.parse(stdout);
    expect(result.report).toBe(path.join(out, 'report.html'));
    expect(result.leaderboard[0].agent).toBe('baseline:gbm');
    const html = readFileSync(result.report, 'utf8');
    expect(html).toContain('winloss-generated');
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toContain('baseline:gbm');
  });

  it('fails with exit code 1 and names a directory that is not a run', async () => {
    const err = await run('node', [cli, 'report', root, '--out', path.join(root, 'x')]).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain(`${root}: not a run directory`);
  });
});

describe('the bundled references of published results', () => {
  const dir = path.join(REPO_ROOT, 'reports', 'reference');

  it('reads every file, each figure with its source, and matches arena model ids by name', async () => {
    const dojo = await readReference(path.join(dir, 'mle-dojo-table2.csv:mle_lite_elo'));
    expect(Object.keys(dojo.values)).toHaveLength(8);
    expect(dojo.values['gpt4o']).toBe(830);
    expect(dojo.sources).toEqual(['arXiv 2505.07782v1 Table 2']);
    const bench = await readReference(path.join(dir, 'mle-bench-leaderboard.csv:all_pct'));
    expect(Object.values(bench.values).every((v) => v >= 0 && v <= 100)).toBe(true);
    expect(bench.sources.length).toBeGreaterThan(0);
    const smith = await readReference(path.join(dir, 'mle-smith-elo.csv'));
    expect(smith.column).toBe('elo_dojo_set');
    expect(smith.values['gemini25pro']).toBeCloseTo(1254.6, 6);
  });
});
