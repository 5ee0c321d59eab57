import type { ModelCallInput } from './model-call.js';

/**
 * The arena's contract between an episode environment and the agents that play it
 * (one episode = one task × one agent × one seed). Agents act only through these actions.
 */

export const INFO_TOPICS = ['overview', 'data_structure', 'sample_submission', 'metric', 'limits'] as const;
export type InfoTopic = (typeof INFO_TOPICS)[number];

export type Action =
  /** Facts about the task; does not use a step of the budget. */
  | { type: 'request_info'; topic: InfoTopic }
  /** Runs the code to check it: errors are reported, no submission is scored. */
  | { type: 'validate_code'; code: string }
  /** Runs the code; when it writes ./submission.csv, that submission is validated and scored. */
  | { type: 'execute_code'; code: string }
  /** Ends the episode. The final submission is the chosen step's, else the last valid one. */
  | { type: 'submit'; step?: number };

export type ActionType = Action['type'];

/** A typed error the agent sees, with its likely causes (as MLE-Dojo does, without its leaks). */
export interface AgentFacingError {
  kind:
    | 'syntax_error'
    | 'runtime_error'
    | 'timeout'
    | 'out_of_memory'
    | 'invalid_submission'
    | 'no_submission'
    | 'invalid_action'
    | 'budget_exhausted';
  message: string;
  causes: string[];
}

export interface Observation {
  /** The step this observation answers (0 for the initial one). */
  step: number;
  /** The whole observation as the agent reads it. */
  text: string;
  ok: boolean;
  error?: AgentFacingError;
  stdout?: string;
  stderr?: string;
  /** The public-leaderboard score of a valid submission written by this step. */
  publicScore?: number;
  stepsLeft: number;
  timeLeftSec: number;
  done: boolean;
}

/** What an environment offers an agent. */
export interface EpisodeEnvironment {
  readonly taskId: string;
  /** The first observation: the task description, the actions, the budget. */
  start(): Promise<Observation>;
  step(action: Action): Promise<Observation>;
  readonly done: boolean;
}

/** Token use and cost of one model call, recorded by the runner. */
export interface LlmUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  cached: boolean;
  /** The call itself (request, reply, failures), keys redacted; kept in the run store. */
  call?: ModelCallInput;
}

export interface AgentContext {
  seed: number;
  /** Called by LLM agents after every model call, so the runner can record and budget it. */
  recordLlmCall(usage: LlmUsage): void;
  signal: AbortSignal;
}

/** An agent plays a whole episode through the environment's actions. */
export interface Agent {
  /** e.g. `baseline:gbm`, `openai:gpt-4o`. */
  readonly id: string;
  /** What kind of agent plays (`baseline`, `llm`, `replay`, or a registered kind's own): recorded with each episode. */
  readonly kind: string;
  play(env: EpisodeEnvironment, context: AgentContext): Promise<void>;
}
