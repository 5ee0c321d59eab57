/**
 * An episode's model calls re-send the history of the call before, trimmed at the front and grown
 * at the end. A call's message list is therefore kept as a delta against the previous call's:
 * blob ids for messages, and `[start, end]` for a run of the previous list (`slice(start, end)`).
 * A 200-call episode then stores each message reference about once, not once per call.
 */
export type ListDelta = (number | [number, number])[];

export function encodeList(previous: readonly number[], current: readonly number[]): ListDelta {
  const first = new Map<number, number>();
  previous.forEach((id, i) => {
    if (!first.has(id)) first.set(id, i);
  });
  const out: ListDelta = [];
  for (let i = 0; i < current.length; ) {
    const start = first.get(current[i]!);
    if (start === undefined) {
      out.push(current[i++]!);
      continue;
    }
    let end = start;
    while (i < current.length && end < previous.length && previous[end] === current[i]) {
      end++;
      i++;
    }
    out.push([start, end]);
  }
  return out;
}

/** The list a delta stands for; undefined when it is not one (a range outside the previous list). */
export function decodeList(previous: readonly number[], delta: unknown): number[] | undefined {
  if (!Array.isArray(delta)) return undefined;
  const out: number[] = [];
  for (const item of delta) {
    if (Number.isInteger(item)) out.push(item as number);
    else if (Array.isArray(item) && item.length === 2 && Number.isInteger(item[0]) && Number.isInteger(item[1]) && 0 <= item[0] && item[0] <= item[1] && item[1] <= previous.length) {
      out.push(...previous.slice(item[0], item[1]));
    } else return undefined;
  }
  return out;
}
