import { randomUUID } from 'node:crypto';
import { createAgent } from '../../arena/agent-factory.js';
import { executeEpisode, llmCacheDirOf, unplayedEpisode, type EpisodeDeps } from '../../arena/episode/execute.js';
import type { EpisodeEvent } from '../../arena/episode/events.js';
import { allSinks, transcriptSink } from '../../arena/episode/sinks.js';
import { taskContentHash, type EpisodeSpec } from '../../arena/episode/spec.js';
import { requireEnforced } from '../../sandbox/enforcement.js';
import { getBackend } from '../../sandbox/registry.js';
import { loadTask } from '../../task/loader.js';
import { readJsonFile } from '../../util/json-file.js';
import { appendEvent, eventLogFileOf } from './event-log.js';
import { ShardsFileSchema } from './shards.js';
import { TrackedBackend } from './tracked-backend.js';

/** The task of a spec as this node sees it, refused when it is not the one that was planned. */
async function plannedTask(spec: EpisodeSpec) {
  const task = await loadTask(spec.task.dir);
  const sha256 = taskContentHash(task);
  if (sha256 !== spec.task.sha256) throw new Error(`${spec.task.dir} has content hash ${sha256} here, not ${spec.task.sha256} as planned (changed since, or not the same files on this node)`);
  return task;
}

/**
 * Plays one shard of a submission on this node, one episode after another: each episode's events
 * go to the shard's event log (for the coordinator to merge) and to its transcript. Told to stop
 * (SIGTERM), it destroys its sandboxes and exits 143. The node's
 * sandbox must enforce what the run requires; where it does not, every episode of the shard is
 * recorded as an infrastructure error saying so.
 */
export async function runShard(shardsFile: string, shard: number): Promise<{ episodes: number }> {
  const file = await readJsonFile(shardsFile, ShardsFileSchema);
  const specs = file.shards[shard];
  if (!specs) throw new Error(`${shardsFile} has ${file.shards.length} shards, no shard ${shard}`);
  const log = eventLogFileOf(shardsFile, shard);
  const backends = new Map<string, Promise<TrackedBackend>>();
  const backendOf = (name: string) => {
    let backend = backends.get(name);
    if (!backend) {
      backend = getBackend(name).then(async (b) => {
        requireEnforced(await b.check(), file.allowUnenforced);
        // No gc here: the local backend's gc takes a box whose meta.json is not written yet for an
        // orphan, so one run while another worker on the node creates a sandbox would break that.
        return new TrackedBackend(b);
      });
      backends.set(name, backend);
    }
    return backend;
  };
  // Stopped, the episode being played has no result: nothing it does while its sandbox goes
  // (a step failing on a destroyed sandbox) is written, so the coordinator plays it again.
  let stopping = false;
  process.once('SIGTERM', () => {
    stopping = true;
    void Promise.allSettled([...backends.values()].map(async (b) => (await b).destroyAll())).finally(() => process.exit(143));
  });
  for (const spec of specs) {
    const attempt = randomUUID();
    const sink = allSinks(transcriptSink(file.runDir, spec), (event: EpisodeEvent) => {
      if (!stopping) appendEvent(log, spec.id, attempt, event);
    });
    let backend: TrackedBackend;
    try {
      backend = await backendOf(spec.backend);
    } catch (err) {
      unplayedEpisode('infra_error', `sandbox on node ${process.env.SLURMD_NODENAME ?? '?'}: ${(err as Error).message}`).forEach(sink);
      continue;
    }
    const deps: EpisodeDeps = { runDir: file.runDir, backend, createAgent, llmCacheDir: llmCacheDirOf(file.runDir), task: plannedTask };
    for await (const event of executeEpisode(spec, deps)) sink(event);
  }
  return { episodes: specs.length };
}
