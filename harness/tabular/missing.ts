/**
 * The cell texts that mean "no value" in a table: what R, pandas and spreadsheets write for one.
 * Not "None": it is a real level in the registry's data (Ames' `Mas_Vnr_Type`, Bird Strikes' damage
 * "None", Guatemala's toilet "None"), and pandas writes Python's None as an empty cell. The Python
 * readers (smith/python/profile.py and explore.py, the recipe preparer's table.py) hold the same
 * list; tests/tabular/missing.test.ts keeps them equal.
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '<NA>']);
