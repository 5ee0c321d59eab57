import type { Sandbox, SandboxBackend, SandboxSpec } from '../../sandbox/types.js';

/**
 * A backend that knows its live sandboxes, so that a worker told to stop (Slurm's SIGTERM on
 * scancel or at the time limit, SIGKILL following KillWait seconds later) destroys them before it
 * exits instead of leaving workspaces, mounts and cgroups on the node.
 */
export class TrackedBackend implements SandboxBackend {
  readonly name: string;
  private readonly live = new Set<Sandbox>();
  /** Sandboxes being created: a stop while one is made (its box already on disk) must wait for it and destroy it too. */
  private readonly creating = new Set<Promise<Sandbox>>();
  private closed = false;

  constructor(private readonly inner: SandboxBackend) {
    this.name = inner.name;
  }

  check() {
    return this.inner.check();
  }

  gc() {
    return this.inner.gc();
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    if (this.closed) throw new Error('the worker is stopping: no new sandbox');
    const creating = this.inner.create(spec).then((sandbox) => this.track(sandbox));
    this.creating.add(creating);
    try {
      return await creating;
    } finally {
      this.creating.delete(creating);
    }
  }

  private track(sandbox: Sandbox): Sandbox {
    // One destruction however often it is asked for: the episode's own and destroyAll's wait on the same one.
    let destroying: Promise<void> | undefined;
    const tracked: Sandbox = {
      id: sandbox.id,
      backend: sandbox.backend,
      exec: (argv, options) => sandbox.exec(argv, options),
      runPython: (code, options) => sandbox.runPython(code, options),
      readFile: (relativePath, options) => sandbox.readFile(relativePath, options),
      writeFile: (relativePath, data, options) => sandbox.writeFile(relativePath, data, options),
      destroy: () => (destroying ??= sandbox.destroy().finally(() => this.live.delete(tracked))),
    };
    this.live.add(tracked);
    return tracked;
  }

  /** Refuses new sandboxes, waits for those being created, and destroys every sandbox still alive; returns how many there were. */
  async destroyAll(): Promise<number> {
    this.closed = true;
    await Promise.allSettled([...this.creating]);
    const all = [...this.live];
    await Promise.allSettled(all.map((s) => s.destroy()));
    return all.length;
  }
}
