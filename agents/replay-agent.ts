import { readFileSync } from 'node:fs';
import { ActionSchema } from '../harness/arena/episode/schemas.js';
import type { Action, Agent, AgentContext, EpisodeEnvironment } from '../harness/arena/types.js';

/** Reads a transcript of actions: JSON Lines, one action per line (other record kinds are skipped). */
export function readReplay(file: string): Action[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`replay transcript ${file} not found`);
  }
  const actions: Action[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file}, line ${i + 1}: not JSON`);
    }
    // A run's transcript.jsonl holds {kind: 'action', action} records among others.
    const record = value as { kind?: string; action?: unknown };
    const candidate = record.kind === undefined ? value : record.kind === 'action' ? record.action : undefined;
    if (candidate === undefined) return;
    const parsed = ActionSchema.safeParse(candidate);
    if (!parsed.success) throw new Error(`${file}, line ${i + 1}: not an action (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    actions.push(parsed.data);
  });
  if (actions.length === 0) throw new Error(`${file}: no actions`);
  return actions;
}

/** `replay:<file>`: plays recorded actions in order, then submits if the transcript did not. */
export class ReplayAgent implements Agent {
  readonly kind = 'replay' as const;
  private readonly actions: Action[];

  constructor(
    readonly id: string,
    file: string,
  ) {
    this.actions = readReplay(file);
  }

  async play(env: EpisodeEnvironment, context: AgentContext): Promise<void> {
    await env.start();
    for (const action of this.actions) {
      if (env.done || context.signal.aborted) return;
      await env.step(action);
    }
    if (!env.done) await env.step({ type: 'submit' });
  }
}
