import pLimit from 'p-limit';
import { executeEpisode } from '../arena/episode/execute.js';
import { allSinks, storeSink, transcriptSink } from '../arena/episode/sinks.js';
import type { Executor } from './types.js';

/** Runs the episodes in this process, at most `concurrency` at a time. */
export function localPool(concurrency: number): Executor {
  return {
    name: 'local',
    async run(specs, { runDir, store, progress, deps }) {
      const limit = pLimit(concurrency);
      await Promise.all(
        specs.map((spec) =>
          limit(async () => {
            const sink = allSinks(storeSink(store, spec.id), transcriptSink(runDir, spec), (event) => progress.observe(spec, event));
            for await (const event of executeEpisode(spec, deps)) sink(event);
          }),
        ),
      );
    },
  };
}
