import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { episodeId, RunStore } from '../../harness/arena/run-store.js';

/**
 * A run store of `episodes` synthetic episodes (agents × tasks × seeds), written through the run
 * store itself: statuses, scores, two steps each with code and output, a failed step now and
 * then, and `marked` episodes whose code holds a word no other has (for search).
 */
export interface SyntheticRun {
  dir: string;
  agents: string[];
  tasks: number;
  seeds: number;
  /** Ids of the episodes whose code contains MARK. */
  marked: string[];
}

export const MARK = 'zanzibarquux';

export function syntheticRun(dir: string, episodes: number, options: { agents?: number; seeds?: number; marked?: number; runId?: string } = {}): SyntheticRun {
  const agents = Array.from({ length: options.agents ?? 8 }, (_, i) => `baseline:synthetic-${i}`);
  const seeds = options.seeds ?? 3;
  const tasks = Math.ceil(episodes / (agents.length * seeds));
  mkdirSync(dir, { recursive: true });
  const store = new RunStore(path.join(dir, 'run.sqlite'), options.runId ?? path.basename(dir));
  const keys = [];
  for (let t = 0; t < tasks; t++) for (const agentId of agents) for (let seed = 0; seed < seeds && keys.length < episodes; seed++) keys.push({ suite: 'synthetic', taskId: `task-${String(t).padStart(5, '0')}`, taskDir: '/nonexistent', agentId, seed });
  const marked: string[] = [];
  const every = Math.max(1, Math.floor(keys.length / (options.marked ?? 7)));
  store.inTransaction(() => {
    store.ensureRun({ synthetic: true });
    store.planEpisodes(keys);
    keys.forEach((k, i) => {
      const id = episodeId(k);
      store.startEpisode(id, 'baseline');
      const failed = i % 17 === 0;
      const mark = i % every === 0 && marked.length < (options.marked ?? 7);
      if (mark) marked.push(id);
      store.recordStep(id, 0, { step: 1, action: 'execute_code', code: `import pandas as pd\nmodel_${i % 50} = fit(${i})${mark ? `  # ${MARK}` : ''}\n`, stdout: `cv score ${(i % 97) / 100}`, ok: true, wallMs: 100 + (i % 13), cpuMs: 90, observation: 'ran', submission: { valid: true, publicScore: (i % 97) / 100, privateScore: (i % 89) / 100, file: 'x' } });
      store.recordStep(id, 1, failed
        ? { step: 2, action: 'execute_code', code: 'raise ValueError("bad")', stderr: 'Traceback: ValueError: bad', ok: false, error: { kind: 'runtime_error', message: 'ValueError: bad', causes: [] }, wallMs: 10, cpuMs: 5, observation: 'failed' }
        : { step: 2, action: 'submit', ok: true, wallMs: 1, cpuMs: 0, observation: 'submitted' });
      store.finishEpisode(id, { status: i % 23 === 0 ? 'agent_failed' : 'completed', finalStep: 1, score: i % 23 === 0 ? null : (i % 89) / 100, publicScore: (i % 97) / 100, valid: i % 23 !== 0, steps: 2, error: null, stopReason: 'submitted', wallMs: 1000 + i });
    });
  });
  store.close();
  return { dir, agents, tasks, seeds, marked };
}
