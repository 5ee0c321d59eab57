/** The usability rule: a dataset must have at least this many rows and columns to be listed. */
export const USABLE = { minRows: 150, minColumns: 3 } as const;

/** Why a table of this shape fails the rule, or undefined when it passes; an unknown column count passes. */
export function shapeProblem(rows: number, columns?: number): string | undefined {
  const problems = [];
  if (rows < USABLE.minRows) problems.push(`${rows} rows (fewer than ${USABLE.minRows})`);
  if (columns !== undefined && columns < USABLE.minColumns) problems.push(`${columns} columns (fewer than ${USABLE.minColumns})`);
  return problems.length ? problems.join(' and ') : undefined;
}
