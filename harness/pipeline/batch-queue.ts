/**
 * Tasks waiting to be served to the agents. The generator pushes each task as it is verified; the
 * evaluator takes everything waiting at once, so tasks verified while a batch runs join the next
 * batch instead of each waiting for the slowest episode of the one before.
 */
export class BatchQueue<T> {
  private items: T[] = [];
  private closed = false;
  private wake: (() => void) | null = null;

  push(item: T): void {
    if (this.closed) throw new Error('BatchQueue: push after close');
    this.items.push(item);
    this.signal();
  }

  /** No more items will come: `next` returns what is left, then null. */
  close(): void {
    this.closed = true;
    this.signal();
  }

  /** Every item waiting (waits for one if none is); null once closed and empty. */
  async next(): Promise<T[] | null> {
    while (this.items.length === 0) {
      if (this.closed) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const batch = this.items;
    this.items = [];
    return batch;
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
