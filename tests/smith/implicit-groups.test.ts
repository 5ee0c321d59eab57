import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generate } from '../../harness/smith/pipeline.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { reviewByRules } from '../../harness/smith/verify/review-rules.js';
import { parseCsv } from '../../harness/tabular/csv.js';
import { loadTask } from '../../harness/task/loader.js';
import { brainstormHeuristic, groupColumn, splitUnit } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { statedCounts, statedYears, unitBlocks } from '../../harness/smith/row-blocks.js';
import type { Proposal } from '../../harness/smith/types.js';
import { tempDir } from '../helpers/fixture-task.js';
import { realProfiles } from './real-profiles.js';

const run = promisify(execFile);
const PREPARER = path.resolve('harness/task/python/recipe');

// Tasks of tasks/smith-v2 split at random although their rows repeat a unit (issue #12, item 3),
// each asserted on its real dataset, beside datasets whose rows are independent and stay random.
const NAMES = ['plm-wages', 'ggplot2-txhousing', 'robustbase-noxemissions', 'sotu', 'la-ozone', 'plm-cigar', 'plm-empluk', 'plm-males', 'aer-cps1985', 'aer-gss7402', 'lattice-usregionalmortality', 'survival-rotterdam'] as const;
type Name = (typeof NAMES)[number];
const of = realProfiles(NAMES);
const proposal = (name: Name, target: string): Proposal => {
  const found = brainstormHeuristic(of(name), 3).proposals.find((p) => p.target === target);
  if (!found) throw new Error(`${name}: no proposal for ${target}`);
  return found;
};

describe('counts the documentation states', () => {
  it('reads plural nouns after a number, with thousands separators', () => {
    expect(statedCounts('A panel of 595 individuals from 1976 to 1982; 4,165 observations')).toEqual([
      { count: 595, noun: 'individuals' },
      { count: 4165, noun: 'observations' },
    ]);
    expect(statedCounts('measured at 3.5 meters by 12 people, typically with 24 hourly measurements; 13 variables')).toEqual([
      { count: 12, noun: 'people' },
      { count: 24, noun: 'measurements' },
    ]);
    expect(statedYears('a panel of 46 observations from 1963 to 1992; rates for 2011--2013')).toEqual([30, 3]);
  });
});

describe('units stored as runs of rows without a key', () => {
  it('Wages: 595 individuals × 7 years are runs of 7 rows (sex, ed, blk constant in each), split by run', () => {
    const blocks = unitBlocks(of('plm-wages'))!;
    expect(blocks).toMatchObject({ size: 7, units: 595, noun: 'individuals' });
    expect(blocks.columns).toEqual(expect.arrayContaining(['sex', 'ed', 'black']));
    const lwage = proposal('plm-wages', 'lwage');
    expect(lwage.split).toEqual({ kind: 'blocks', blockSize: 7 });
    expect(designHeuristic(of('plm-wages'), lwage, {}).recipe!.split).toEqual({ kind: 'blocks', size: 7 });
  });

  it('Wages: the preparer puts each of the 595 runs of the real table wholly in training or wholly in test', { timeout: 120_000 }, async () => {
    const profile = of('plm-wages');
    const recipe = designHeuristic(profile, proposal('plm-wages', 'lwage'), {}).recipe!;
    const root = tempDir('arena-blocks-');
    const [pub, priv] = [path.join(root, 'public'), path.join(root, 'private')];
    for (const d of [pub, priv]) mkdirSync(d);
    writeFileSync(path.join(root, 'recipe.json'), JSON.stringify(recipe));
    await run('/usr/bin/python3', ['-m', 'recipe_prepare', path.join(root, 'recipe.json'), profile.dir, pub, priv], { cwd: PREPARER, env: { PATH: '/usr/bin:/bin', PYTHONPATH: PREPARER, PYTHONDONTWRITEBYTECODE: '1' } });
    // A published row is found again in the raw table by its inputs and target (no two raw rows share them).
    const raw = parseCsv(readFileSync(path.join(profile.dir, profile.table), 'utf8'));
    const keyOf = (header: string[], row: string[]) => [...recipe.inputs, 'lwage'].map((c) => Number(row[header.indexOf(c)]) || row[header.indexOf(c)]).join('|');
    const side = new Map<string, string>();
    for (const [file, target] of [['train.csv', true], ['test.csv', false]] as const) {
      const table = parseCsv(readFileSync(path.join(pub, file), 'utf8'));
      const answers = target ? null : new Map(parseCsv(readFileSync(path.join(priv, 'answers.csv'), 'utf8')).rows.map((r) => [r[0]!, r[1]!]));
      for (const row of table.rows) side.set(keyOf([...table.header, ...(answers ? ['lwage'] : [])], answers ? [...row, answers.get(row[0]!)!] : row), file);
    }
    // Ten raw rows repeat another unit's row exactly: published once, with the first.
    const seen = new Set<string>();
    const sides = new Map<number, Set<string>>();
    raw.rows.forEach((row, i) => {
      const key = keyOf(raw.header, row);
      const unit = Math.floor(i / 7);
      if (!sides.has(unit)) sides.set(unit, new Set());
      if (!seen.has(key)) sides.get(unit)!.add(side.get(key) ?? 'missing');
      seen.add(key);
    });
    expect(seen.size).toBe(raw.rows.length - 5);
    expect(side.size).toBe(seen.size);
    expect(sides.size).toBe(595);
    expect([...sides.values()].filter((s) => s.size !== 1)).toEqual([]);
    const inTest = [...sides.values()].filter((s) => s.has('test.csv')).length;
    expect(inTest).toBeGreaterThan(140);
    expect(inTest).toBeLessThan(160);
  });

  it('Wages: the review rejects a random split of the runs as unrealistic, and passes the blocks split', { timeout: 600_000 }, async () => {
    const root = tempDir('arena-blocks-review-');
    chmodSync(root, 0o755); // prepare and the baselines run under an unprivileged uid
    const out = path.join(root, 'suite');
    await generate({ datasets: ['plm-wages'], outDir: out, roles: heuristicRoles, perDataset: 1, concurrency: 1, runtime: 'local', maxRetries: 0 });
    const task = await loadTask(path.join(out, 'plm-wages-lwage-regression'));
    const design = designHeuristic(of('plm-wages'), proposal('plm-wages', 'lwage'), {}).design;
    const realistic = async (split: Proposal['split']) => (await reviewByRules(task, { ...design, proposal: { ...design.proposal, split } }, of('plm-wages'))).find((r) => r.id === 'review-realistic')!;
    expect((await realistic(design.proposal.split)).ok).toBe(true);
    const random = await realistic({ kind: 'random' });
    expect(random.ok).toBe(false);
    expect(random.message).toMatch(/runs of 7 rows of one unit each: a random split puts one unit on both sides/);
  });

  it('Cigar: the 46 states stored as runs of 30 years have a key after all, the integer state code, which is the group', () => {
    expect(unitBlocks(of('plm-cigar'))).toMatchObject({ size: 30, units: 46 });
    expect(groupColumn(of('plm-cigar'))).toBe('state');
    expect(proposal('plm-cigar', 'sales').split).toEqual({ kind: 'group', groupColumn: 'state' });
  });

  it('EmplUK: an unbalanced panel of "140 observations" has an integer firm index with 140 values, the group', () => {
    expect(proposal('plm-empluk', 'emp').split).toEqual({ kind: 'group', groupColumn: 'firm' });
  });

  it('USRegionalMortality: a crossed table (40 rows per cause, "10 HHS regions") is no panel', () => {
    expect(of('lattice-usregionalmortality').rowBlocks.map((b) => b.size)).toContain(40);
    expect(unitBlocks(of('lattice-usregionalmortality'))).toBeUndefined();
    expect(splitUnit(of('lattice-usregionalmortality'), 'Rate')).toBeUndefined();
  });

  it('Males: a documented person id is the group, whatever the row order', () => {
    expect(splitUnit(of('plm-males'), 'wage')).toEqual({ kind: 'group', column: 'nr' });
  });
});

describe('panels and repeated labels', () => {
  it('txhousing: 46 cities × 187 months (year with month) is a panel of cities', () => {
    expect(groupColumn(of('ggplot2-txhousing'))).toBe('city');
    const sales = proposal('ggplot2-txhousing', 'sales');
    expect(sales.split).toEqual({ kind: 'group', groupColumn: 'city' });
    expect(designHeuristic(of('ggplot2-txhousing'), sales, {}).design.features).not.toContain('city');
  });

  it('NOxEmissions: the hours of one day share its weather, so whole days are held out', () => {
    expect(proposal('robustbase-noxemissions', 'LNOx').split).toEqual({ kind: 'group', groupColumn: 'julday' });
  });

  it('sotu: each president has one party, so speeches are split by president, and the president is no input', () => {
    const party = proposal('sotu', 'party');
    expect(party.split).toEqual({ kind: 'group', groupColumn: 'president' });
    expect(designHeuristic(of('sotu'), party, {}).recipe!.inputs).not.toContain('president');
  });
});

describe('rows that repeat no unit stay random', () => {
  it('LA ozone: the day of the month (V2) is part of the date, not an entity', () => {
    expect(groupColumn(of('la-ozone'))).toBeUndefined();
    expect(proposal('la-ozone', 'V4').split.kind).toBe('random');
  });

  it('GSS 1974-2002 and Rotterdam: a survey year and a year of surgery hold many rows each, but the rows are people, not measurements of one period', () => {
    expect(proposal('aer-gss7402', 'kids').split.kind).toBe('random');
    expect(splitUnit(of('survival-rotterdam'), 'rtime')).toBeUndefined();
  });

  it('CPS1985: a cross-section of workers has no runs of rows and no unit', () => {
    expect(of('aer-cps1985').rowBlocks).toEqual([]);
    expect(splitUnit(of('aer-cps1985'), 'wage')).toBeUndefined();
    expect(proposal('aer-cps1985', 'wage').split.kind).toBe('random');
  });
});
