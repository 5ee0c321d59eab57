import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../../harness/grading/grade.js';
import { importTasks, type ImportResult } from '../../../harness/task/import/import.js';
import { loadSuite, type Task } from '../../../harness/task/loader.js';
import { prepareTask } from '../../../harness/task/prepare.js';
import { checkTaskStructure } from '../../../harness/verification/structure.js';
import { tempDir } from '../../helpers/fixture-task.js';
import { BENCH, boardSubsets, DOJO, oracleMedals, oracleScores, peerData, PEERS, submissionsFor } from './peer-fixtures.js';

/**
 * Competition folders in the layouts of MLE-bench and MLE-Dojo (tests/fixtures/peers, our own files
 * reproducing the peers' real folders), their data made by their prepare.py from synthetic raw
 * files, imported as folders of several competitions each; every score is checked against the
 * metric computed directly in peer_oracle.py.
 */
const root = tempDir('arena-peers-');
const imports: Record<'mle-bench' | 'mle-dojo', { result: ImportResult; tasks: Map<string, Task> }> = {} as never;

beforeAll(async () => {
  for (const [origin, ids] of [['mle-bench', BENCH], ['mle-dojo', DOJO]] as const) {
    const data = await peerData(root, origin, ids);
    const result = await importTasks(origin, path.join(PEERS, origin), path.join(root, `${origin}-suite`), { dataRoot: data });
    const suite = result.imported.length > 0 ? await loadSuite(result.suite) : { tasks: [] };
    imports[origin] = { result, tasks: new Map(suite.tasks.map((t) => [t.manifest.id, t])) };
  }
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const byId = (origin: 'mle-bench' | 'mle-dojo', id: string) => imports[origin].result.imported.find((t) => t.id === id.toLowerCase())!;

describe('arena tasks import of the peers\' real competitions', () => {
  it('imports every competition of both folders, each data folder under its own name', () => {
    for (const origin of ['mle-bench', 'mle-dojo'] as const) expect(imports[origin].result.skipped).toEqual([]);
    expect(imports['mle-bench'].result.imported.map((t) => t.id).sort()).toEqual([...BENCH].sort());
    expect(imports['mle-dojo'].result.imported.map((t) => t.id).sort()).toEqual(DOJO.map((d) => d.toLowerCase()).sort());
    const datasets = [...imports['mle-bench'].tasks.values(), ...imports['mle-dojo'].tasks.values()].map((t) => t.manifest.dataset.name);
    expect(new Set(datasets).size).toBe(6);
  });

  it('maps the files each prepare.py writes, whatever their names', () => {
    expect(byId('mle-bench', 'new-york-city-taxi-fare-prediction').files.train).toMatch(/^labels\.csv \(has the target columns fare_amount\)/);
    expect(byId('mle-bench', 'new-york-city-taxi-fare-prediction').files.test).toMatch(/^test\.csv/);
    expect(byId('mle-dojo', 'GiveMeSomeCredit').files.train).toMatch(/^cs-training\.csv \(named as training data/);
    expect(byId('mle-dojo', 'GiveMeSomeCredit').files.test).toMatch(/^cs-test\.csv/);
    expect(byId('mle-dojo', 'airbnb-recruiting-new-user-bookings').files.train).toMatch(/^train_users\.csv/);
    const hm = byId('mle-bench', 'h-and-m-personalized-fashion-recommendations');
    expect(hm.files.train).toMatch(/^transactions_train\.csv/);
    expect(hm.files.test).toBe('ids of sample_submission.csv');
    expect(hm.files.folders).toEqual(['images/ (1 files)']);
    expect(hm.files.writtenByPrepare).toContain('private/answers.csv');
    expect(byId('mle-bench', 'nomad2018-predict-transparent-conductors').files.folders).toEqual([expect.stringMatching(/^test\/ \(\d+ files\)$/), expect.stringMatching(/^train\/ \(\d+ files\)$/)]);
  });

  it('reads ranked lists, several targets, one-hot classes and labels from the answers', () => {
    const tasks = imports['mle-bench'].tasks;
    const hm = tasks.get('h-and-m-personalized-fashion-recommendations')!.manifest;
    expect([hm.objective, hm.submission.columns[1]!.type]).toEqual(['ranking', 'ranking']);
    expect(hm.modality).toBe('image');
    const nomad = tasks.get('nomad2018-predict-transparent-conductors')!.manifest;
    expect([nomad.objective, nomad.targetColumns, nomad.modality]).toEqual(['regression', ['formation_energy_ev_natom', 'bandgap_energy_ev'], 'tabular']);
    const spooky = tasks.get('spooky-author-identification')!.manifest;
    expect([spooky.objective, spooky.classes, spooky.targetColumns]).toEqual(['multiclass', ['EAP', 'HPL', 'MWS'], ['label']]);
    expect(byId('mle-bench', 'spooky-author-identification').format).toBe('one-hot answers over 3 classes');
    const airbnb = imports['mle-dojo'].tasks.get('airbnb-recruiting-new-user-bookings')!.manifest;
    expect(airbnb.submission.columns[1]).toEqual({ name: 'country', type: 'label' });
  });

  it('takes the direction from the leaderboard, else the grader, and reports LFS pointer leaderboards', () => {
    const taxi = byId('mle-bench', 'new-york-city-taxi-fare-prediction');
    expect(taxi.direction).toEqual({ higherIsBetter: false, from: 'catalog metric rmse (by the scikit-learn call in the grader)' });
    expect(taxi.leaderboard).toBe('Git LFS pointer');
    expect(taxi.notes.some((n) => /leaderboard\.csv is a Git LFS pointer \(oid c695ea80cd9c…\)/.test(n))).toBe(true);
    expect(byId('mle-bench', 'h-and-m-personalized-fashion-recommendations').direction.higherIsBetter).toBe(true);
    expect(byId('mle-bench', 'nomad2018-predict-transparent-conductors').direction.higherIsBetter).toBe(false);
    expect(byId('mle-bench', 'spooky-author-identification').direction.higherIsBetter).toBe(false);
    const credit = byId('mle-dojo', 'GiveMeSomeCredit');
    expect(credit.direction).toEqual({ higherIsBetter: true, from: 'leaderboard order (private_leaderboard.csv: best first)' });
    expect(credit.leaderboard).toBe('924 teams');
  });

  it('grades by the catalog metric only where it gave the peer\'s numbers at import, and says why not elsewhere', () => {
    const all = [...imports['mle-bench'].result.imported, ...imports['mle-dojo'].result.imported];
    const byCatalog = Object.fromEntries(all.filter((t) => t.metric.computedBy.startsWith('the catalog metric')).map((t) => [t.id, t.metric.computedBy]));
    expect(Object.keys(byCatalog).sort()).toEqual(['new-york-city-taxi-fare-prediction', 'spooky-author-identification']);
    const why = Object.fromEntries(all.map((t) => [t.id, t.metric.computedBy]));
    // Our reading refuses H&M's sample (it lists customers the answers do not score); nomad2018 has two target columns.
    expect(why['h-and-m-personalized-fashion-recommendations']).toMatch(/^the peer's code .* the catalog metric map_at_k does not stand in \(our reading refuses the sample submission \(line \d+: id ".+?" is not in the test set\)/);
    expect(why['nomad2018-predict-transparent-conductors']).toMatch(/^the peer's code .* the catalog metric rmsle does not stand in \(rmsle scores values; the submission's columns \(formation_energy_ev_natom: number, bandgap_energy_ev: number\) give no input one catalog metric reads\)/);
    expect(why['givemesomecredit']).toMatch(/^the peer's code .* the catalog metric roc_auc does not stand in/);
    expect(why['airbnb-recruiting-new-user-bookings']).toMatch(/^the peer's code \(utils\/metric\.py\) in the sandbox: its files name no catalog metric$/);
  });

  const cases = [...BENCH.map((id) => ['mle-bench', id] as const), ...DOJO.map((id) => ['mle-dojo', id] as const)];
  it.each(cases)('%s %s: prepares in the sandbox and grades every submission as the peer does', async (origin, id) => {
    const task = imports[origin].tasks.get(id.toLowerCase())!;
    const prepared = await prepareTask(task);
    expect(prepared.deterministic).toBe(true);
    expect((await checkTaskStructure(task)).problems).toEqual([]);
    const peer = task.manifest.metric.params['peer'] as { answers: string };
    const answers = path.join(task.paths.privateDir, peer.answers);
    const subs = await submissionsFor(id, task.paths.publicDir, answers, path.join(root, 'subs', id));
    const names = readdirSync(subs).filter((f) => f.endsWith('.csv'));
    expect(names.length).toBeGreaterThanOrEqual(2);
    const idColumn = task.manifest.idColumn;
    const submissions = names.map((n) => path.join(subs, n));
    const priv = names.map((n) => [path.join(root, 'boards', id, `${n}-sub.csv`), path.join(root, 'boards', id, `${n}-ans.csv`)] as [string, string]);
    await boardSubsets(submissions.map((s, i) => [s, priv[i]![0]] as [string, string]).concat(priv.map(([, a]) => [answers, a] as [string, string])), task.paths.answers, idColumn, 'private');
    const full = await oracleScores(origin, id, submissions.map((s) => [s, answers]));
    const privateOracle = await oracleScores(origin, id, priv);
    for (const [i, name] of names.entries()) {
      const report = await gradeSubmission(task, submissions[i]!);
      expect(report.errors, `${id} ${name}`).toEqual([]);
      expect(Math.abs(report.fullScore! - full[i]!), `${id} ${name} fullScore ${report.fullScore} vs ${full[i]}`).toBeLessThanOrEqual(1e-9);
      // The metric on our private rows: MLE-bench's oracle rounds to 5 places, our board scores do not.
      expect(Math.abs(report.score! - privateOracle[i]!), `${id} ${name} private`).toBeLessThanOrEqual(origin === 'mle-bench' ? 5e-6 : 1e-12);
      expect(report.rows.public + report.rows.private).toBe(task.manifest.split.rows.test);
      if (origin === 'mle-dojo') {
        const [board] = await oracleMedals(path.join(PEERS, origin, id, 'info', 'private_leaderboard.csv'), [report.fullScore!]);
        const s = report.standing!;
        expect([s.medal === 'gold', s.medal === 'silver', s.medal === 'bronze', s.aboveMedian]).toEqual([board!.gold_medal, board!.silver_medal, board!.bronze_medal, board!.above_median]);
        expect(s.thresholds).toEqual({ gold: board!.gold_threshold, silver: board!.silver_threshold, bronze: board!.bronze_threshold, median: board!.median_threshold });
      } else expect(report.standing).toBeNull();
    }
  }, 300_000);

  it('passes arena tasks validate, every competition of both folders', () => {
    for (const origin of ['mle-bench', 'mle-dojo'] as const) {
      const r = spawnSync('node', [path.resolve('bin/arena.js'), 'tasks', 'validate', imports[origin].result.suite], { encoding: 'utf8', env: { ...process.env, ARENA_HOME: root } });
      expect(r.stdout, r.stderr).toMatch(new RegExp(`\\n${imports[origin].result.imported.length}/${imports[origin].result.imported.length} tasks valid\\n$`));
      expect(r.status).toBe(0);
    }
  }, 120_000);

  it('grades several ranked guesses per id (Airbnb) by the peer\'s NDCG, which our own validator would refuse', async () => {
    const task = imports['mle-dojo'].tasks.get('airbnb-recruiting-new-user-bookings')!;
    await prepareTask(task);
    const answers = path.join(task.paths.privateDir, 'peer', 'test_answer.csv');
    const subs = await submissionsFor('airbnb-recruiting-new-user-bookings', task.paths.publicDir, answers, path.join(root, 'subs', 'airbnb-guesses'));
    const report = await gradeSubmission(task, path.join(subs, 'guesses.csv'));
    expect(report.valid).toBe(true);
    // Five distinct guesses per id: the truth is always among them, so NDCG@5 lies in [1/log2(6), 1].
    expect(report.fullScore!).toBeGreaterThan(1 / Math.log2(6));
    const [expected] = await oracleScores('mle-dojo', 'airbnb-recruiting-new-user-bookings', [[path.join(subs, 'guesses.csv'), answers]]);
    expect(Math.abs(report.fullScore! - expected!)).toBeLessThanOrEqual(1e-12);
  }, 300_000);
});
