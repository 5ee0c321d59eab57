/**
 * The task indices of a Slurm array expression as `sbatch --array` takes it and `squeue` prints
 * it for tasks not yet started: "0-5", "1,3,7-9", "0-15:4" (a step), with an optional "%N"
 * (a limit on how many run at once, which says nothing about the indices).
 */
export function arrayTaskIds(expression: string): number[] {
  const ids: number[] = [];
  for (const part of expression.replace(/%\d+$/, '').split(',')) {
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part);
    if (!m) throw new Error(`"${expression}" is not a Slurm array expression (expected e.g. "0-5", "1,3,7-9" or "0-15:4")`);
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (step < 1 || last < first) throw new Error(`"${expression}": "${part}" is an empty range`);
    for (let id = first; id <= last; id += step) ids.push(id);
  }
  return ids;
}
