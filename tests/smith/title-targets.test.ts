import { beforeAll, describe, expect, it } from 'vitest';
import { profileDataset } from '../../harness/smith/profile.js';
import { expertTargets } from '../../harness/smith/targets.js';
import { titleSubject } from '../../harness/smith/title-subject.js';
import type { DatasetProfile } from '../../harness/smith/types.js';

// Targets read from the title of a card that documents none (issue #12). Every hit of the rule over
// the registry (scripts/smith/card-targets.mjs --rule title) was judged against its own documentation; the
// near misses are titles that name a column no expert would post as the target.
const HITS = {
  'cardata-salaries': 'salary', // "Salaries for Professors": the nine-month salary, in dollars
  'cardata-titanicsurvival': 'survived', // "Survival of Passengers on the Titanic"
  'cardata-cowles': 'volunteer', // "Cowles and Davis's Data on Volunteering"
  'cardata-wells': 'switch', // "Well Switching in Bangladesh": whether the household switched from an unsafe well
  'mass-boston': 'medv', // "Housing Values in Suburbs of Boston": median value of owner-occupied homes
  'modeldata-concrete': 'compressive_strength',
  'modeldata-attrition': 'Attrition',
  'modeldata-wa-churn': 'churn',
  'modeldata-sacramento': 'price',
  'caret-sacramento': 'price',
  'modeldata-check-times': 'check_time',
  'modeldata-chicago': 'ridership', // "for modeling the number of people who enter the Clark and Lake L station"
  'gss-ozone': 'upo3', // "Ozone Concentration in Los Angeles Basin": upland ozone concentration
  'gss-clim': 'temp',
  'mlmrev-guimmun': 'immun',
  'mlmrev-guprenat': 'prenat',
  'robustbase-possum-mat': 'Diversity', // "main variable of interest is the number of different species"
  'spdata-baltimore': 'PRICE',
  'plm-males': 'wage',
  'boot-amis': 'speed', // the effect of warning signs on the speeds of cars
  'geepack-spruce': 'logsize',
  'aer-municipalities': 'expenditures',
  'ggplot2-txhousing': 'sales',
  'dslabs-movielens': 'rating',
  'dslabs-greenhouse-gases': 'concentration',
  'lattice-usregionalmortality': 'Rate',
  'vgam-venice90': 'sealevel',
} as const;

/** Titles that name a column which is no target, and the reason the rule gives. */
const MISSES = {
  // Named for the instrument of its documented use (education on distance to college).
  'aer-collegedistance': /names the distance, a circumstance of the data/,
  // The cases reported (`y`) are studied; the delay is one axis of the table.
  'boot-aids': /`delay`, but a factor of the design: each of its 15 values occurs exactly 38 times/,
  // The soldering skips are the response of this designed experiment; the solder thickness is a factor of it.
  'rpart-solder': /`Solder`, but a factor of the design/,
  // Income is what R4DS models on height.
  'modelr-heights': /names two quantities \(height, income\)/,
  'mlmrev-hsb82': /`school`, but it labels rows/,
  'flexmix-whiskey': /one of 21 sibling items of the same kind/,
  'epi-gmortdk': /`rt`, but a rate .* computed from the table's counts and person-years/,
  // The transplant is the time-dependent treatment of counting-process rows.
  'survival-jasa1': /`transplant`, but the rows are intervals of follow-up/,
  'tidyr-billboard': /which 76 columns measure/,
} as const;

/** Titles whose words match a column only loosely: no target and no refusal either. */
const SILENT = ['modeldata-ames', 'gss-colocan', 'hsaur3-forbes2000'] as const;

const NAMES = [...Object.keys(HITS), ...Object.keys(MISSES), ...SILENT, 'aer-teachingratings'];
const profiles = new Map<string, DatasetProfile>();

beforeAll(async () => {
  for (const name of NAMES) profiles.set(name, await profileDataset(name));
}, 900_000);

const targetsOf = (name: string) => expertTargets(profiles.get(name)!);

describe('the title\'s head noun phrase', () => {
  it.each([
    ['Prestige of Canadian Occupations', 'prestige', []],
    ['Salaries for Professors', 'salaries', []],
    ["Cowles and Davis's Data on Volunteering", 'volunteering', []],
    ['Watson churn data', 'watson churn', []],
    ['Sacramento CA Home Prices', 'sacramento ca home prices', []],
    ['Fat, water and protein content of meat samples', 'fat', ['water', 'content']],
    ['Height and income data.', 'height', ['income']],
  ])('%s → %s', (title, phrase, conjoined) => {
    expect(titleSubject(title)).toMatchObject({ phrase, conjoined });
  });

  it('names no quantity when the head is the kind of study ("Student Survey Data", "Simulated data", "Synthetic Classification Problem")', () => {
    expect(titleSubject('Student Survey Data')).toBeNull();
    expect(titleSubject('Simulated data')).toBeNull();
    expect(titleSubject('Synthetic Classification Problem')).toBeNull();
  });
});

describe('targets read from the title on the real cards', () => {
  it.each(Object.entries(HITS))('%s: the title names `%s`, the one target, marked as read from the title', (name, target) => {
    const { ideas } = targetsOf(name);
    expect(ideas.map((i) => [i.name, i.basis])).toEqual([[target, 'title']]);
    expect(ideas[0]!.why).toMatch(/^The documentation names no target .*the title '.+' names the quantity studied/);
  });

  it('quotes the card: the title and the column\'s documented meaning', () => {
    expect(targetsOf('cardata-salaries').ideas[0]!.why).toContain("the title 'Salaries for Professors' names the quantity studied, salaries; `salary` is documented as 'nine-month salary, in dollars'");
    expect(targetsOf('mass-boston').ideas[0]!.why).toContain("`medv` is documented as 'median value of owner-occupied homes in $1000s'");
  });

  it.each(Object.entries(MISSES))('%s: the column its title names is no target', (name, reason) => {
    const { ideas, rejected } = targetsOf(name);
    expect(ideas).toEqual([]);
    expect(rejected.map((r) => r.reason).join('\n')).toMatch(reason);
  });

  it.each(SILENT)('%s: a loose match (House_Style for "Housing", a screening rate for a mortality rate, a country for "Companies") is no match', (name) => {
    const { ideas, rejected } = targetsOf(name);
    expect(ideas.filter((i) => i.basis === 'title')).toEqual([]);
    expect(rejected.map((r) => r.reason).join('\n')).not.toMatch(/the title '/);
  });

  it('a card with a documented target keeps it and only it, whatever its title names ("Impact of Beauty on Instructor\'s Teaching Ratings" names `beauty`, eval is modelled)', () => {
    const { ideas } = targetsOf('aer-teachingratings');
    expect(ideas.map((i) => [i.name, i.basis])).toEqual([['eval', 'documented']]);
  });
});
