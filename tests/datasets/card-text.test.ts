import { describe, expect, it } from 'vitest';
import { fieldBullets, pipeTable } from '../../harness/datasets/cards/markdown.js';
import { findColumn } from '../../harness/datasets/cards/names.js';
import { parseNoteVariables } from '../../harness/datasets/cards/statsmodels-note.js';
import { unitFromName, unitFromText } from '../../harness/datasets/cards/units.js';

// The text helpers card extraction is built on, on phrases as the sources write them.

describe('units as documentation states them', () => {
  it.each([
    ['terminal waiting time for plane, train and bus (minutes); 0 for car.', 'minutes'],
    ['household income ($1000s).', '$1000s'],
    ["median value of owner-occupied homes in $1000's", "$1000's"],
    ['Gross investment in 1947 dollars', '1947 dollars'],
    ['Wind speed in kilometers per hour', 'kilometers per hour'],
    ['CO2 Concentration ppmv', 'ppmv'],
    ['Per-pupil spending (in thousands)', 'thousands'],
    ['Percentage of low income students', 'percent'],
  ])('%s → %s', (text, unit) => expect(unitFromText(text)).toBe(unit));

  it.each([
    'radius (mean of distances from center to points on the perimeter)',
    'Charles River dummy variable (1 if tract bounds river; 0 otherwise)',
    'Number of sunspots for each year',
    'Number of observations (e.g. rows)',
  ])('no unit in %s', (text) => expect(unitFromText(text)).toBeUndefined());

  it('reads a unit suffix of a column name', () => {
    expect(unitFromName('beak_length_mm')).toBe('mm');
    expect(unitFromName('weight_in_lbs')).toBe('lbs');
    expect(unitFromName('minimum')).toBeUndefined();
  });
});

describe('matching documented names to columns', () => {
  it('by spelling, case, punctuation, and one typo in a long name', () => {
    const columns = ['beak_length_mm', 'PERMINTE_AVSAL', 'age', 'ages'];
    expect(findColumn('Beak Length (mm)', columns)).toBe('beak_length_mm');
    expect(findColumn('PEMINTE_AVSAL', columns)).toBe('PERMINTE_AVSAL');
    expect(findColumn('AGE', columns)).toBe('age');
    expect(findColumn('agez', columns)).toBeUndefined(); // short names must match exactly
  });
});

describe('statsmodels NOTE variable definitions', () => {
  it('separators, continuation lines, code lines, shared codes, inline codes and bare names', () => {
    const note = `::

    Variable name definitions::

        mode =
            1 - air
            2 - train
        hinc = household income ($1000s).
        rate : How rate marriage, 1 = very poor, 2 = poor, 3 = fair
        yrs  - No. years married. Interval approximations. See
               original paper for detailed explanation.
        The following 2 variables all take the values:
            1 - Extremely liberal
            2 - Liberal
        selfLR - Respondent's self-reported leanings.
        ClinLR - Respondents impression of Bill Clinton's leanings.

        The below variables are interaction terms of the variables defined
        above.

        A_B
`;
    const variables = parseNoteVariables(note, ['mode', 'hinc', 'rate', 'yrs', 'selfLR', 'ClinLR', 'A_B']);
    expect(variables).toEqual([
      { column: 'mode', meaning: 'mode', coding: '1 = air, 2 = train' },
      { column: 'hinc', meaning: 'household income ($1000s)' },
      { column: 'rate', meaning: 'How rate marriage', coding: '1 = very poor, 2 = poor, 3 = fair' },
      { column: 'yrs', meaning: 'No. years married. Interval approximations. See original paper for detailed explanation' },
      { column: 'selfLR', meaning: "Respondent's self-reported leanings", coding: '1 = Extremely liberal, 2 = Liberal' },
      { column: 'ClinLR', meaning: "Respondents impression of Bill Clinton's leanings", coding: '1 = Extremely liberal, 2 = Liberal' },
      { column: 'A_B', meaning: 'The below variables are interaction terms of the variables defined above' },
    ]);
  });
});

describe('Markdown documentation', () => {
  it('field bullets in the styles READMEs use, and pipe tables', () => {
    const text = '-   **crim**: per capita crime rate by town\n-   `id`: message id (relative to\n    message `group`)\n- price: unit price (EUR)\n- The data consists of: many things\n';
    expect(fieldBullets(text)).toEqual([
      { name: 'crim', text: 'per capita crime rate by town' },
      { name: 'id', text: 'message id (relative to message group)' },
      { name: 'price', text: 'unit price (EUR)' },
    ]);
    expect(pipeTable('| Label | Description |\n| --- | --- |\n| 0 | T-shirt/top |\n| 9 | Ankle boot |\n')).toEqual([
      ['Label', 'Description'],
      ['0', 'T-shirt/top'],
      ['9', 'Ankle boot'],
    ]);
  });
});
