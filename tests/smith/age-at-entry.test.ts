import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { parseCsv } from '../../harness/tabular/csv.js';
import { Recipe } from '../../harness/task/recipe.js';
import { tempDir } from '../helpers/fixture-task.js';
import { realProfiles } from './real-profiles.js';

const run = promisify(execFile);
const PREPARER = path.resolve('harness/task/python/recipe');

// Age at entry for an event within a horizon of follow-up stored as dates (issue #12, the sixth and
// seventh readings: thoro's, brv's and dmlate's tasks drop the entry date, which reveals how long
// follow-up lasted, and with it the age at entry every analysis of these cohorts adjusts for).
// Asserted on the real Epi datasets and their R help pages.
const NAMES = ['epi-thoro', 'epi-brv', 'epi-dmlate', 'survival-lung'] as const;
const of = realProfiles(NAMES);
const design = (name: (typeof NAMES)[number]) => {
  const proposal = brainstormHeuristic(of(name), 4).proposals.find((p) => p.derive.kind === 'event_by');
  if (!proposal) throw new Error(`${name}: no event-by-horizon proposal`);
  return designHeuristic(of(name), proposal, {});
};

describe('age at entry as a derived input', () => {
  it.each([
    ['epi-thoro', 'birthdat', 'injecdat'],
    ['epi-brv', 'dob', 'doe'],
    ['epi-dmlate', 'dobth', 'dodm'],
  ] as const)('%s: (%s → %s) / 365.25, the entry date itself left out', (name, birth, entry) => {
    const draft = design(name);
    expect(draft.recipe!.derivedInputs).toEqual([{ name: `age_at_${entry}`, kind: 'span', from: birth, to: entry, per: 365.25 }]);
    expect(draft.design.features).toContain(birth);
    expect(draft.design.features).not.toContain(entry);
    expect(draft.description).toMatch(new RegExp(`^- \`age_at_${entry}\`: age at entry in years, \\(\`${entry}\` − \`${birth}\`\\) / 365\\.25 days`, 'm'));
  });

  it('is not made where follow-up is a time since the origin (lung) and the age is an input already', () => {
    expect(design('survival-lung').recipe!.derivedInputs).toEqual([]);
  });

  it("thoro: the preparer publishes every row's age at injection as the raw dates give it", { timeout: 120_000 }, async () => {
    const profile = of('epi-thoro');
    const recipe = Recipe.parse(design('epi-thoro').recipe);
    const root = tempDir('arena-age-at-entry-');
    const [pub, priv] = [path.join(root, 'public'), path.join(root, 'private')];
    for (const d of [pub, priv]) mkdirSync(d);
    writeFileSync(path.join(root, 'recipe.json'), JSON.stringify(recipe));
    await run('/usr/bin/python3', ['-m', 'recipe_prepare', path.join(root, 'recipe.json'), profile.dir, pub, priv], { cwd: PREPARER, env: { PATH: '/usr/bin:/bin', PYTHONPATH: PREPARER, PYTHONDONTWRITEBYTECODE: '1' } });
    const train = parseCsv(readFileSync(path.join(pub, 'train.csv'), 'utf8'));
    expect(train.header).toContain('age_at_injecdat');
    expect(train.header).not.toContain('injecdat');
    // Each raw row's age at injection by the calendar.
    const raw = parseCsv(readFileSync(path.join(profile.dir, profile.table), 'utf8'));
    const [b, e] = ['birthdat', 'injecdat'].map((c) => raw.header.indexOf(c));
    const days = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    const born = new Map<string, number>();
    for (const r of raw.rows) born.set(r[b]!, (born.get(r[b]!) ?? 0) + 1);
    // Matched by birth date where only one raw row has it.
    const byBirth = new Map(raw.rows.filter((r) => born.get(r[b]!) === 1).map((r) => [r[b]!, (days(r[e]!) - days(r[b]!)) / 365.25]));
    const [tb, ta] = ['birthdat', 'age_at_injecdat'].map((c) => train.header.indexOf(c));
    const ages = train.rows.map((r) => Number(r[ta]));
    expect(ages.every((a) => a > 0 && a < 100)).toBe(true);
    const checked = train.rows.filter((r) => byBirth.has(r[tb]!));
    expect(checked.length).toBeGreaterThan(100);
    for (const r of checked.slice(0, 200)) expect(Number(r[ta])).toBeCloseTo(byBirth.get(r[tb]!)!, 6);
  });
});
