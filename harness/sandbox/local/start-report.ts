import type { Readable } from 'node:stream';
import { z } from 'zod';

const ChildStarted = z.object({ 'child-pid': z.number().int().positive() });
/** bubblewrap writes one short JSON document per line; anything longer is not from it. */
const MAX_REPORT_BYTES = 64 * 1024;

/**
 * bubblewrap's `--json-status-fd` channel: its first line says the sandbox was set up and the
 * code started. The descriptor is closed in the code's process, so the code can neither write a
 * start nor hide one; an execution that ends without it failed in the sandbox's own setup.
 */
export class StartReport {
  private text = '';
  private readonly done: Promise<void>;

  constructor(stream: Readable) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      if (this.text.length < MAX_REPORT_BYTES) this.text += chunk;
    });
    this.done = new Promise((resolve) => {
      stream.on('close', resolve);
      stream.on('error', resolve);
    });
  }

  /** Whether the code was started (waits for bubblewrap to close the channel). */
  async started(): Promise<boolean> {
    await this.done;
    const first = this.text.split('\n', 1)[0] ?? '';
    try {
      return ChildStarted.safeParse(JSON.parse(first)).success;
    } catch {
      return false;
    }
  }
}
