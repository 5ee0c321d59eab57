import { describe, expect, it } from 'vitest';
import { DatasetCard } from '../../harness/datasets/card.js';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { choiceColumns } from '../../harness/smith/choice-columns.js';
import { expertTargets } from '../../harness/smith/targets.js';
import { realProfiles } from './real-profiles.js';

// Targets read from a column the card describes as what its units chose or what was decided about
// them, on cards that document no target (issue #12, rule R3 of reports/readings/no-target-cards-2026-12-04.md).
// These are every hit of the rule over the registry (scripts/smith/card-targets.mjs --rule choice), each judged
// against the card's own words: the response such a study collects.
const HITS = {
  'aer-resumenames': ['call', 'binary'], // "Was the applicant called back?": Bertrand & Mullainathan's audit study
  'cardata-arrests': ['released', 'binary'], // "Whether or not the arrestee was released with a summons"
  'cardata-beps': ['vote', 'multiclass'], // "Party choice: Conservative, Labour, or Liberal Democrat"
  'cardata-chile': ['vote', 'multiclass'], // "will vote yes (for Pinochet)", "will abstain", ...
  'cardata-greene': ['decision', 'binary'], // "Judge's decision ... leave to appeal granted"
  'mlmrev-socatt': ['party', 'multiclass'], // "Political party chosen"; "multilevel data with a multinomial response"
  'pscl-vote92': ['vote', 'multiclass'], // by the description: "self-reports of vote choice"
} as const;

/** Columns whose words are near a choice or a decision but are a covariate or the design. */
const NEAR = {
  'cardata-rossi': 'paro', // "released on parole?": a circumstance of the released prisoners whose re-arrest is studied
  'cardata-greene': 'rater', // an independent rater's judgment of merit: a predictor of the judge's decision
  'boot-amis': 'warning', // "chosen to have a warning sign erected": the treatment
  'ade4-worksurv': 'pro', // one item of a battery of hypothetical votes
} as const;

describe('targets from a choice or a decision the card describes', () => {
  const profile = realProfiles(Object.keys(HITS) as (keyof typeof HITS)[]);

  for (const [name, [column, kind]] of Object.entries(HITS)) {
    it(`${name}: \`${column}\` as a ${kind} target, with the card's words as the reason`, () => {
      const { ideas } = expertTargets(profile(name as keyof typeof HITS));
      const idea = ideas.find((i) => i.basis === 'choice');
      expect(idea, JSON.stringify(ideas.map((i) => [i.name, i.basis]))).toMatchObject({ name: column, source: column, kind, derive: { kind: 'copy' } });
      expect(idea!.why).toMatch(/names no target/);
      expect(idea!.why).toContain(`\`${column}\``);
    });
  }

  it('the choice studied by a description is taken only when one column bears its name', () => {
    const hit = choiceColumns(card('Survey data containing self-reports of vote choice.', ['vote', 'age']));
    expect(hit).toEqual([expect.objectContaining({ phrase: 'vote choice', by: 'description' })]);
    expect(hit[0]!.column.name).toBe('vote');
    expect(choiceColumns(card('Survey data containing self-reports of vote choice.', ['vote', 'votes']))).toEqual([]);
    expect(choiceColumns(card('Survey data on earnings.', ['vote', 'age']))).toEqual([]);
  });

  for (const [name, column] of Object.entries(NEAR)) {
    it(`${name}: \`${column}\` is no choice target`, async () => {
      const { manifest } = await fetchDataset(name);
      expect(manifest.card, name).toBeDefined();
      expect(manifest.card!.columns.some((c) => c.name === column)).toBe(true);
      expect(choiceColumns(manifest.card!).map((c) => c.column.name)).not.toContain(column);
    });
  }
});

/** A card of factor columns with no meanings: only the description can name the choice. */
function card(description: string, columns: string[]): DatasetCard {
  return DatasetCard.parse({
    title: 'Votes', description, source: { package: 'test' }, license: 'CC0', targets: [], origins: {},
    columns: columns.map((name) => ({ name, meaning: '', type: 'factor', role: 'input', origin: 'documented' })),
  });
}
