import type { Agent, AgentContext, EpisodeEnvironment } from '../../harness/arena/types.js';
import type { TaskManifest } from '../../harness/task/schema.js';
import { EpisodePlayer, type BaselineOptions } from './player.js';
import { BASELINE_IDS, baselineSpec, type BaselineSpec } from './population.js';

export type { BaselineOptions } from './player.js';

/** A built-in offline agent: a heuristic acting through the same actions as any other agent. */
export class BaselineAgent implements Agent {
  readonly kind = 'baseline' as const;
  readonly id: string;

  constructor(
    private readonly spec: BaselineSpec,
    private readonly manifest: TaskManifest,
    private readonly options: BaselineOptions = {},
  ) {
    this.id = spec.id;
  }

  async play(env: EpisodeEnvironment, context: AgentContext): Promise<void> {
    await this.spec.play(new EpisodePlayer(this.id, this.manifest, env, context, this.options));
  }
}

/** `baseline:<name>` → its agent; an unknown name is an error naming the known ones. */
export function createBaselineAgent(id: string, manifest: TaskManifest, options: BaselineOptions = {}): Agent {
  const spec = baselineSpec(id);
  if (!spec) throw new Error(`unknown baseline "${id}": use one of ${BASELINE_IDS.join(', ')}`);
  return new BaselineAgent(spec, manifest, options);
}
