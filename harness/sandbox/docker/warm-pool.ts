import { z } from 'zod';

/** How many pre-created sandboxes to keep per configuration: ARENA_DOCKER_WARM (0 turns the pool off), default 1. */
export function warmPoolSize(): number {
  const value = process.env.ARENA_DOCKER_WARM;
  if (value === undefined || value === '') return 1;
  const parsed = z.coerce.number().int().min(0).max(16).safeParse(value);
  if (!parsed.success) throw new Error(`ARENA_DOCKER_WARM="${value}": expected a whole number of sandboxes per configuration, 0 to 16`);
  return parsed.data;
}

/**
 * Configurations kept warm at once, the least recently asked for dropped first: a run over many
 * tasks leaves a warm sandbox for each task's configuration, used only if the task comes again.
 */
export const WARM_CONFIGURATIONS = 4;

/** What the pool needs to get rid of an item nobody took. */
export interface WarmDisposal<T> {
  discard(item: T): Promise<void>;
  /** At process exit, where nothing asynchronous runs any more. */
  discardSync(item: T): void;
}

/**
 * Items made ahead per configuration key, each handed out at most once. An entry is the item's
 * creation, ready or still under way: taking one being made waits for it, which is never slower
 * than starting another. Failed creations are dropped (the caller then creates one itself).
 * Whatever is still in the pool when the process exits is discarded synchronously.
 */
export class WarmPool<T> {
  private readonly entries = new Map<string, Array<Promise<T | undefined>>>();
  /** Items whose creation has finished and nobody took: what the exit hook discards. */
  private readonly idle = new Set<T>();
  private exitHooked = false;

  constructor(private readonly disposal: WarmDisposal<T>) {}

  /** An item made ahead for `key`, or undefined when there is none (or its creation failed). */
  async take(key: string): Promise<T | undefined> {
    const queue = this.entries.get(key);
    const entry = queue?.shift();
    if (queue?.length === 0) this.entries.delete(key);
    if (!entry) return undefined;
    const item = await entry;
    if (item !== undefined) this.idle.delete(item);
    return item;
  }

  /**
   * Starts making items for `key` until it has `size` (made or under way), and makes `key` the
   * most recently used configuration; the oldest beyond WARM_CONFIGURATIONS are discarded.
   */
  fill(key: string, size: number, make: () => Promise<T>): void {
    const queue = this.entries.get(key) ?? [];
    // Re-inserted: the Map's order is the order of use.
    this.entries.delete(key);
    this.entries.set(key, queue);
    while (queue.length < size) queue.push(this.made(make));
    for (const old of [...this.entries.keys()].slice(0, Math.max(0, this.entries.size - WARM_CONFIGURATIONS))) void this.discardKey(old);
  }

  /** Discards every item, made or under way (tests; a process that wants its containers gone now). */
  async drain(): Promise<void> {
    const all = [...this.entries.values()].flat();
    this.entries.clear();
    await this.discardAll(all);
  }

  /** Resolves once every creation under way has finished (made or failed). */
  async settled(): Promise<void> {
    await Promise.all([...this.entries.values()].flat());
  }

  private made(make: () => Promise<T>): Promise<T | undefined> {
    this.hookExit();
    return make().then(
      (item) => {
        this.idle.add(item);
        return item;
      },
      () => undefined,
    );
  }

  private async discardKey(key: string): Promise<void> {
    const queue = this.entries.get(key) ?? [];
    this.entries.delete(key);
    await this.discardAll(queue);
  }

  private async discardAll(entries: Array<Promise<T | undefined>>): Promise<void> {
    await Promise.all(
      entries.map(async (entry) => {
        const item = await entry;
        if (item === undefined || !this.idle.delete(item)) return;
        await this.disposal.discard(item).catch(() => undefined);
      }),
    );
  }

  private hookExit(): void {
    if (this.exitHooked) return;
    this.exitHooked = true;
    process.once('exit', () => {
      for (const item of this.idle) this.disposal.discardSync(item);
      this.idle.clear();
    });
  }
}
