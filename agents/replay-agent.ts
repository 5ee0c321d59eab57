import { existsSync } from 'node:fs';
import { readTranscript } from '../harness/arena/transcript.js';
import type { Action, Agent, AgentContext, EpisodeEnvironment } from '../harness/arena/types.js';

/**
 * The actions of a replay file, in order: a run's transcript.jsonl (its action records; the other
 * records are skipped) or JSON Lines of bare actions, read through the transcript's schema. A line
 * that is neither is an error naming the file and the line.
 */
export async function readReplay(file: string): Promise<Action[]> {
  if (!existsSync(file)) throw new Error(`replay transcript ${file} not found`);
  const actions: Action[] = [];
  for await (const { record } of readTranscript(file, { legacy: true })) if (record.kind === 'action') actions.push(record.action);
  if (actions.length === 0) throw new Error(`${file}: no actions`);
  return actions;
}

/** `replay:<file>`: plays recorded actions in order, then submits if the transcript did not. */
export class ReplayAgent implements Agent {
  readonly kind = 'replay' as const;

  constructor(
    readonly id: string,
    private readonly actions: Action[],
  ) {}

  async play(env: EpisodeEnvironment, context: AgentContext): Promise<void> {
    await env.start();
    for (const action of this.actions) {
      if (env.done || context.signal.aborted) return;
      await env.step(action);
    }
    if (!env.done) await env.step({ type: 'submit' });
  }
}
