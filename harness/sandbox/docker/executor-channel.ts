import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { Capture, demux } from './output-capture.js';
import { FRAME, parseStatus, type ExecRequest, type ExecStatus } from './executor.js';

/** What the executor's own stderr said last (its tracebacks), for error messages. */
const DIAGNOSTIC_BYTES = 4096;
/** How long a starting executor may take to say READY. */
const READY_TIMEOUT_MS = 60_000;

export interface ChannelResult {
  /** Undefined when the channel ended before the execution's STATUS (or the status was malformed). */
  status: ExecStatus | undefined;
  stdout: { text: string; truncated: boolean };
  stderr: { text: string; truncated: boolean };
}

interface Pending {
  stdout: Capture;
  stderr: Capture;
  resolve(status: string | undefined): void;
}

/**
 * The harness's end of a container's executor (executor.ts): the container's stdio through one
 * `docker attach`, opened before the container starts so no frame is missed. One execution at a
 * time (the backend queues them). The channel ends with the container: every execution still
 * waiting then gets no status.
 */
export class ExecutorChannel {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private diagnostics: Buffer = Buffer.alloc(0);
  private open = true;
  private readyResolve!: () => void;
  /** Resolves on the executor's READY frame. */
  readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  /** Resolves when the stream ends (the container stopped, or the engine dropped the attach). */
  readonly closed: Promise<void>;

  private constructor(private readonly stream: Duplex) {
    demux(stream, { push: (chunk) => this.onFrames(chunk) }, { push: (chunk) => this.onDiagnostic(chunk) });
    this.closed = new Promise<void>((resolve) => {
      const end = () => {
        this.open = false;
        this.pending?.resolve(undefined);
        this.pending = undefined;
        resolve();
      };
      stream.on('end', end);
      stream.on('close', end);
      stream.on('error', end);
    });
  }

  /**
   * Attaches to a created, stopped container, starts it and waits for its executor's READY.
   * Throws when the container does not start or its executor never gets ready.
   */
  static async start(container: Docker.Container): Promise<ExecutorChannel> {
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
    const channel = new ExecutorChannel(stream);
    try {
      await container.start();
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        channel.ready.then(() => 'ready' as const),
        channel.closed.then(() => 'closed' as const),
        new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), READY_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      if (outcome !== 'ready') throw new Error(`the executor ${outcome === 'late' ? `was not ready after ${READY_TIMEOUT_MS / 1000} s` : 'exited at start'}${channel.lastDiagnostic ? `: ${channel.lastDiagnostic.slice(-500)}` : ''}`);
      return channel;
    } catch (err) {
      channel.close();
      throw err;
    }
  }

  /** Runs one execution: its status and its output, each stream cut at `request.limit` bytes. */
  async execute(request: Omit<ExecRequest, 'script' | 'stdin'>, script: Buffer, stdin: Buffer): Promise<ChannelResult> {
    const stdout = new Capture(request.limit);
    const stderr = new Capture(request.limit);
    const line = await this.run(request, script, stdin, stdout, stderr);
    const status = line === undefined ? undefined : parseStatus(line);
    if (status?.kind === 'ok') {
      stdout.account(status.stdoutBytes);
      stderr.account(status.stderrBytes);
    }
    return { status, stdout: stdout.finish(), stderr: stderr.finish() };
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** The executor's last words on its stderr, if any. */
  get lastDiagnostic(): string {
    return this.diagnostics.toString('utf8').trim();
  }

  /** Sends one execution; resolves with the STATUS frame's text, or undefined when the channel ended first. */
  private run(request: Omit<ExecRequest, 'script' | 'stdin'>, script: Buffer, stdin: Buffer, stdout: Capture, stderr: Capture): Promise<string | undefined> {
    if (!this.open) return Promise.resolve(undefined);
    if (this.pending) throw new Error('the executor runs one execution at a time');
    const header = Buffer.from(JSON.stringify({ ...request, script: script.length, stdin: stdin.length }), 'utf8');
    const size = Buffer.alloc(4);
    size.writeUInt32BE(header.length);
    return new Promise((resolve) => {
      this.pending = { stdout, stderr, resolve };
      this.stream.write(Buffer.concat([size, header, script, stdin]));
    });
  }

  /** Whether the open attach keeps the process alive: not while its sandbox waits in the warm pool. */
  holdProcess(hold: boolean): void {
    const socket = this.stream as Partial<Pick<Socket, 'ref' | 'unref'>>;
    if (hold) socket.ref?.();
    else socket.unref?.();
  }

  /** Ends the attach (the container keeps running). */
  close(): void {
    this.stream.destroy();
  }

  private onDiagnostic(chunk: Buffer): void {
    this.diagnostics = Buffer.concat([this.diagnostics, chunk]).subarray(-DIAGNOSTIC_BYTES);
  }

  private onFrames(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 5) {
      const size = this.buffer.readUInt32BE(1);
      if (this.buffer.length < 5 + size) break;
      const kind = this.buffer[0];
      const payload = this.buffer.subarray(5, 5 + size);
      this.buffer = this.buffer.subarray(5 + size);
      if (kind === FRAME.ready) this.readyResolve();
      else if (kind === FRAME.stdout) this.pending?.stdout.push(payload);
      else if (kind === FRAME.stderr) this.pending?.stderr.push(payload);
      else if (kind === FRAME.status) {
        const pending = this.pending;
        this.pending = undefined;
        pending?.resolve(payload.toString('utf8'));
      }
    }
  }
}
