import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { SANDBOX_PATHS } from '../types.js';

/**
 * One `docker exec` with its output demultiplexed and capped as it arrives: a flood of output can
 * never exhaust the harness's memory, and the stream is always drained so the writer never blocks.
 */

/** Bytes kept at the end of stderr, where the wrapper's status line is. */
const TAIL_BYTES = 1024;

/**
 * Keeps the first `limit` bytes of a stream (plus room for a trailing status line) and its last
 * bytes, and counts everything.
 */
export class Capture {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer = Buffer.alloc(0);
  total = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.limit + TAIL_BYTES - this.headBytes;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.head.push(part);
      this.headBytes += part.length;
    }
    this.tail = Buffer.concat([this.tail, chunk.length > TAIL_BYTES ? chunk.subarray(chunk.length - TAIL_BYTES) : chunk]);
    if (this.tail.length > TAIL_BYTES) this.tail = this.tail.subarray(this.tail.length - TAIL_BYTES);
  }

  /**
   * Splits off a trailing `marker…\n` line if the stream ends with one, and renders the rest: the
   * first `limit` bytes, then a marker line saying how many bytes were dropped.
   */
  finish(marker?: string): { text: string; truncated: boolean; trailer?: string } {
    const all = this.total === this.headBytes ? Buffer.concat(this.head) : undefined;
    const end = all ?? this.tail;
    let trailer: string | undefined;
    let bodyBytes = this.total;
    if (marker) {
      const at = end.lastIndexOf(marker);
      if (at >= 0) {
        trailer = end.subarray(at + Buffer.byteLength(marker)).toString('utf8');
        bodyBytes -= end.length - at;
      }
    }
    const keep = Math.min(this.limit, bodyBytes);
    const body = Buffer.concat(this.head).subarray(0, keep).toString('utf8');
    const dropped = bodyBytes - keep;
    return { text: dropped > 0 ? `${body}\n[... output truncated: ${dropped} bytes dropped]` : body, truncated: dropped > 0, trailer };
  }
}

/** Docker's multiplexed stream: 8-byte frames headers (stream type, 3 zero bytes, size BE). */
function demux(stream: Duplex, stdout: Capture, stderr: Capture): void {
  let pending: Buffer = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const payload = pending.subarray(8, 8 + size);
      (pending[0] === 2 ? stderr : stdout).push(payload);
      pending = pending.subarray(8 + size);
    }
  });
}

export interface RawExecResult {
  /** Exit code of the exec'd process (the wrapper); null when the engine does not know. */
  exitCode: number | null;
  stdout: Capture;
  stderr: Capture;
  /** The deadline passed and `onDeadline` ran. */
  deadlineHit: boolean;
}

export interface RawExecOptions {
  stdin?: Buffer;
  outputLimit: number;
  /** Harness-side backstop: when the stream is still open after this, `onDeadline` must end it. */
  deadlineMs: number;
  onDeadline: () => Promise<void>;
  /**
   * Resolves when the container stops. Under gVisor an exec stream can outlive its sandbox (the
   * sentry OOM-killed by the host): the execution then ends at once, not at the backstop.
   */
  stopped?: Promise<unknown>;
}

/** Runs argv in the container (its user and environment, cwd /workspace) and collects the output. */
export async function dockerExec(container: Docker.Container, argv: string[], options: RawExecOptions): Promise<RawExecResult> {
  const withStdin = options.stdin !== undefined && options.stdin.length > 0;
  const exec = await container.exec({ Cmd: argv, AttachStdin: withStdin, AttachStdout: true, AttachStderr: true, Tty: false, WorkingDir: SANDBOX_PATHS.workspace });
  const stream = (await exec.start({ hijack: true, stdin: withStdin })) as Duplex;
  const stdout = new Capture(options.outputLimit);
  const stderr = new Capture(options.outputLimit);
  demux(stream, stdout, stderr);
  let deadlineHit = false;
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  if (withStdin) {
    // The code may never read its stdin; a write error then is not ours to report.
    stream.on('error', () => undefined);
    stream.end(options.stdin);
  }
  let timer: NodeJS.Timeout | undefined;
  let backstop: Promise<void> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      deadlineHit = true;
      backstop = options.onDeadline().catch(() => undefined);
      // Killing the container ends the stream; never hang on it regardless.
      void backstop.then(() => Promise.race([ended, sleep(5000)])).then(resolve);
    }, options.deadlineMs);
  });
  await Promise.race([ended, deadline, ...(options.stopped ? [options.stopped.catch(() => undefined)] : [])]);
  await backstop;
  clearTimeout(timer);
  stream.destroy();
  const info = await exec.inspect().catch(() => undefined);
  return { exitCode: info && !info.Running ? info.ExitCode : null, stdout, stderr, deadlineHit };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
