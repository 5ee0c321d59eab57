import { appendFileSync, closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EpisodeEventSchema, type EpisodeEvent } from '../../arena/episode/events.js';
import { describeIssues } from '../../util/json-file.js';

/**
 * A worker's store: the events of its shard's episodes, one JSON line each, appended as they
 * happen (synchronously, so a killed job loses at most the line being written, which then has no
 * newline and is never read). `attempt` tells apart two plays of one episode in the same log.
 */
export const EventLogLineSchema = z.object({ episode: z.string(), attempt: z.string(), event: EpisodeEventSchema });
export type EventLogLine = z.infer<typeof EventLogLineSchema>;

export function appendEvent(file: string, episode: string, attempt: string, event: EpisodeEvent): void {
  appendFileSync(file, JSON.stringify({ episode, attempt, event }) + '\n');
}

/** The log array task `shard` writes, beside the shards file of its submission. */
export function eventLogFileOf(shardsFile: string, shard: number): string {
  return path.join(path.dirname(shardsFile), `events-${shard}.jsonl`);
}

export class EventLogError extends Error {
  override name = 'EventLogError';
}

/** Reads a log as it grows: each call returns the complete lines written since the last one. */
export class EventLogReader {
  private offset = 0;
  private lineNumber = 0;
  private partial = Buffer.alloc(0);

  constructor(readonly file: string) {}

  readNew(): EventLogLine[] {
    if (!existsSync(this.file)) return [];
    const chunks: Buffer[] = [this.partial];
    const fd = openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(1 << 20);
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, this.offset);
        if (n === 0) break;
        this.offset += n;
        chunks.push(Buffer.from(buffer.subarray(0, n)));
      }
    } finally {
      closeSync(fd);
    }
    const data = Buffer.concat(chunks);
    const end = data.lastIndexOf(0x0a);
    this.partial = end < 0 ? data : data.subarray(end + 1);
    if (end < 0) return [];
    return data
      .subarray(0, end)
      .toString('utf8')
      .split('\n')
      .map((text) => {
        this.lineNumber++;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          throw new EventLogError(`${this.file}, line ${this.lineNumber}: not JSON`);
        }
        const parsed = EventLogLineSchema.safeParse(value);
        if (!parsed.success) throw new EventLogError(`${this.file}, line ${this.lineNumber}: ${describeIssues(parsed.error).join('; ')}`);
        return parsed.data;
      });
  }
}
