/**
 * Runs a sandbox's operations one at a time, in call order. Executions of one sandbox share its
 * cgroups and its kill-everything-after step, so two at once would kill each other's processes.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
