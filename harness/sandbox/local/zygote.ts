import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, constants as fsConstants, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { PYTHON } from '../../util/python.js';
import { REPO_ROOT } from '../../util/paths.js';

const SCRIPT = path.join(REPO_ROOT, 'harness', 'sandbox', 'local', 'zygote.py');
/** The FIFOs an execution writes: its stdout, stderr, and bubblewrap's status channel. */
export const OUTPUT_FDS = [1, 2, 3] as const;
const SIGNAL_NAMES = new Map(Object.entries(osConstants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

export interface ZygoteCommand {
  argv: string[];
  cpu: number;
  /** RLIMIT_FSIZE, KiB. */
  fsize: number;
  /** A file to read as stdin (null: /dev/null). */
  stdin: string | null;
  /** The file bubblewrap reads the seccomp program from as fd 4 (null: none). */
  seccomp: string | null;
}

/** What zygote.py prints per execution: how it ended, or why the child could not be started. */
const ZygoteReply = z.union([z.object({ code: z.number().int() }), z.object({ signal: z.number().int() }), z.object({ error: z.string() })]);

export interface ZygoteExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The resident process that forks one sandbox's executions from inside its cgroups (zygote.py
 * says why: a cgroup-v1 attach per execution cost 8-16 ms of an RCU grace period). One per
 * sandbox, started when it is made, respawned by the next execution if it ever died.
 */
export class Zygote {
  private buffer = '';
  private waiter: { resolve: (line: string) => void; reject: (err: Error) => void } | undefined;
  private exited = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly controlDir: string,
  ) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.drain();
    });
    const gone = () => {
      this.exited = true;
      this.waiter?.reject(new Error(`the sandbox's starter process exited${this.stderr ? `: ${this.stderr.trim().slice(0, 500)}` : ''}`));
      this.waiter = undefined;
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      if (this.stderr.length < 4096) this.stderr += c;
    });
    child.on('exit', gone);
    child.on('error', gone);
    child.stdin.on('error', () => undefined);
    // A sandbox left undestroyed must not keep the harness alive; its starter ends with the harness.
    this.hold(false);
  }

  private hold(on: boolean): void {
    const streams = [this.child.stdin, this.child.stdout, this.child.stderr] as unknown as net.Socket[];
    if (on) {
      this.child.ref();
      for (const s of streams) s.ref?.();
    } else {
      this.child.unref();
      for (const s of streams) s.unref?.();
    }
  }

  private stderr = '';

  private drain(): void {
    const nl = this.buffer.indexOf('\n');
    if (nl < 0 || !this.waiter) return;
    const line = this.buffer.slice(0, nl);
    this.buffer = this.buffer.slice(nl + 1);
    const w = this.waiter;
    this.waiter = undefined;
    this.hold(false);
    w.resolve(line);
  }

  /** Starts the zygote in the groups whose `cgroup.procs` files are given and waits until it is ready. */
  static async start(controlDir: string, procsFiles: string[]): Promise<Zygote> {
    await mkdir(controlDir, { mode: 0o700, recursive: true });
    const child = spawn(PYTHON, ['-I', '-S', SCRIPT, controlDir, ...procsFiles], { env: {}, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const z = new Zygote(child, controlDir);
    const line = await z.next();
    if (line !== 'ready') throw new Error(`the sandbox's starter process said ${JSON.stringify(line.slice(0, 200))}`);
    return z;
  }

  get pid(): number | undefined {
    return this.exited ? undefined : this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  private next(): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`the sandbox's starter process exited${this.stderr ? `: ${this.stderr.trim().slice(0, 500)}` : ''}`));
      this.waiter = { resolve, reject };
      // The harness waits for this answer: it must keep the event loop alive meanwhile.
      this.hold(true);
      this.drain();
    });
  }

  /**
   * Opens the output FIFOs for reading (before the child opens them for writing, so its opens
   * never block), then has the zygote fork and exec the command.
   */
  openOutputs(): [stdout: net.Socket, stderr: net.Socket, status: net.Socket] {
    const open = (fd: number) => new net.Socket({ fd: openSync(path.join(this.controlDir, String(fd)), fsConstants.O_RDONLY | fsConstants.O_NONBLOCK), readable: true, writable: false });
    return [open(1), open(2), open(3)];
  }

  /**
   * Ends the outputs once nothing of the execution is left (all its processes killed): a writer
   * opened and closed here is the last one, so each stream reaches EOF after what was written,
   * also when the child died before it opened them.
   */
  closeOutputs(): void {
    for (const fd of OUTPUT_FDS) {
      try {
        closeSync(openSync(path.join(this.controlDir, String(fd)), fsConstants.O_WRONLY | fsConstants.O_NONBLOCK));
      } catch {
        // our reader is already closed
      }
    }
  }

  async run(command: ZygoteCommand): Promise<ZygoteExit> {
    const reply = this.next();
    this.child.stdin.write(JSON.stringify(command) + '\n');
    const line = await reply;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const r = ZygoteReply.safeParse(parsed);
    if (!r.success) throw new Error(`the sandbox's starter process said ${JSON.stringify(line.slice(0, 200))}, not an execution's end`);
    if ('error' in r.data) throw new Error(r.data.error);
    if ('signal' in r.data) return { code: null, signal: SIGNAL_NAMES.get(r.data.signal) ?? 'SIGKILL' };
    return { code: r.data.code, signal: null };
  }

  /** Ends the zygote (its stdin's EOF); the cgroup kill that follows takes it if it lingers. */
  stop(): void {
    this.child.stdin.end();
  }
}
