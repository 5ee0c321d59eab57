import type { Action, AgentContext, EpisodeEnvironment, LlmUsage, Observation } from '../../harness/arena/types.js';

export interface ScriptedEnvironmentOptions {
  maxSteps?: number;
  firstText?: string;
  /** The text of the observation of each action; default texts resemble the real environment's. */
  observe?: (action: Action, step: number) => Partial<Observation>;
}

/**
 * A small stand-in for the arena's environment: records every action and answers with scripted
 * observations. Budget rules follow the real one: request_info is free, other actions use a step.
 */
export class ScriptedEnvironment implements EpisodeEnvironment {
  readonly taskId = 'scripted-task';
  readonly actions: Action[] = [];
  private steps = 0;
  private finished = false;

  constructor(private readonly options: ScriptedEnvironmentOptions = {}) {}

  get done(): boolean {
    return this.finished;
  }

  private get maxSteps(): number {
    return this.options.maxSteps ?? 10;
  }

  async start(): Promise<Observation> {
    const text = this.options.firstText ?? 'Predict the species of iris flowers from four measurements. Metric: accuracy. Budget: 10 steps.';
    return { step: 0, text, ok: true, stepsLeft: this.maxSteps, timeLeftSec: 600, done: false };
  }

  async step(action: Action): Promise<Observation> {
    this.actions.push(action);
    if (action.type !== 'request_info') this.steps++;
    if (action.type === 'submit' || this.steps >= this.maxSteps) this.finished = true;
    const stepsLeft = this.maxSteps - this.steps;
    const base: Observation = { step: this.steps, text: defaultText(action, this.steps, stepsLeft), ok: true, stepsLeft, timeLeftSec: 600, done: this.finished };
    if (action.type === 'execute_code') base.publicScore = 0.9;
    return { ...base, ...this.options.observe?.(action, this.steps), done: this.finished };
  }
}

function defaultText(action: Action, step: number, stepsLeft: number): string {
  switch (action.type) {
    case 'request_info':
      return action.topic === 'metric' ? 'Metric: accuracy — the fraction of correct labels.\nHigher is better.' : `Files under /data (read-only):\n  train.csv\n  test.csv\n  sample_submission.csv`;
    case 'validate_code':
      return `validate_code step ${step}: ran successfully in 0.4 s\nvalidate_code does not score submissions.\nSteps left: ${stepsLeft}.`;
    case 'execute_code':
      return `execute_code step ${step}: ran successfully in 1.2 s\nstdout:\ncv accuracy 0.91\nsubmission.csv is valid. Public leaderboard score (accuracy): 0.9\nSteps left: ${stepsLeft}.`;
    case 'submit':
      return `Submitted the last valid submission (step ${step - 1}).`;
  }
}

/** An AgentContext that keeps what the agent reported. */
export function recordingContext(seed = 0, signal: AbortSignal = new AbortController().signal): AgentContext & { calls: LlmUsage[] } {
  const calls: LlmUsage[] = [];
  return { seed, signal, calls, recordLlmCall: (usage) => calls.push(usage) };
}
