import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { eventLogFileOf } from './event-log.js';
import { outputPath } from './job-array.js';

/**
 * What a submission's directory keeps once its array is over: its shards file (which episodes it
 * had, for a resumed coordinator and the numbering of rounds) and the error output of tasks that
 * printed any (the infrastructure errors name it). The event logs are in the run store by then,
 * and Slurm's standard output says nothing the store does not.
 */
export function cleanRound(shardsFile: string, shardCount: number): void {
  const dir = path.dirname(shardsFile);
  for (let shard = 0; shard < shardCount; shard++) {
    rmSync(eventLogFileOf(shardsFile, shard), { force: true });
    rmSync(outputPath(dir, shard, 'out'), { force: true });
    const err = outputPath(dir, shard, 'err');
    if (sizeOf(err) === 0) rmSync(err, { force: true });
  }
}

function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}
