// Per-task win totals of one suite, stored once in compressed rows so that a task-bootstrap
// resample is a weighted sum of them (weights = how often each task was drawn) instead of a
// rebuild of the outcomes: the FastChat idea of (a, b, outcome, weight) rows, per task.

import type { PairOutcome } from './types.js';

export interface TaskTotals {
  /** Row/column order of the k×k totals. */
  agents: string[];
  /** Task keys, sorted so a seed draws the same tasks whatever the input order. */
  tasks: string[];
  /** Entries of task t are offsets[t] ≤ e < offsets[t + 1]. */
  offsets: Uint32Array;
  /** Cell i·k + j of the k×k matrix: wins of agents[i] over agents[j]. */
  cell: Uint32Array;
  /** Wins in that cell on that task, ties counted half to each side. */
  wins: Float64Array;
}

/** Win totals W[i·k + j] of outcomes: wins of agents[i] over agents[j], ties counted half to each side. */
export function winTotals(outcomes: readonly PairOutcome[], agents: readonly string[]): Float64Array {
  const index = new Map(agents.map((a, i) => [a, i]));
  const w = new Float64Array(agents.length ** 2);
  for (const o of outcomes) addOutcome(w, agents.length, index, o);
  return w;
}

function addOutcome(w: Float64Array, k: number, index: ReadonlyMap<string, number>, o: PairOutcome): void {
  const i = index.get(o.a);
  const j = index.get(o.b);
  if (i === undefined || j === undefined) throw new Error(`stats: outcome between ${o.a} and ${o.b}, not both in the agent list`);
  w[i * k + j]! += o.score;
  w[j * k + i]! += 1 - o.score;
}

/** Outcomes as per-task win totals; `agents` fixes the row/column order. */
export function taskTotals(outcomes: readonly PairOutcome[], agents: readonly string[]): TaskTotals {
  const byTask = new Map<string, PairOutcome[]>();
  for (const o of outcomes) {
    const list = byTask.get(o.task);
    if (list) list.push(o);
    else byTask.set(o.task, [o]);
  }
  const tasks = [...byTask.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(agents.map((a, i) => [a, i]));
  const w = new Float64Array(agents.length ** 2);
  const offsets = new Uint32Array(tasks.length + 1);
  const cell: number[] = [];
  const wins: number[] = [];
  tasks.forEach((task, t) => {
    w.fill(0);
    for (const o of byTask.get(task)!) addOutcome(w, agents.length, index, o);
    for (let p = 0; p < w.length; p++) {
      if (w[p] === 0) continue;
      cell.push(p);
      wins.push(w[p]!);
    }
    offsets[t + 1] = cell.length;
  });
  return { agents: [...agents], tasks, offsets, cell: Uint32Array.from(cell), wins: Float64Array.from(wins) };
}

/** W = Σ_t counts[t]·W_t, written into `out` (k×k). */
export function weightedTotals(totals: TaskTotals, counts: ArrayLike<number>, out: Float64Array): Float64Array {
  const { offsets, cell, wins } = totals;
  out.fill(0);
  for (let t = 0; t + 1 < offsets.length; t++) {
    const c = counts[t]!;
    if (c === 0) continue;
    for (let e = offsets[t]!; e < offsets[t + 1]!; e++) out[cell[e]!]! += c * wins[e]!;
  }
  return out;
}
