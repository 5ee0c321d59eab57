import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

/** cli-progress (a CommonJS package of ten modules), loaded when a bar is drawn: `--help` never needs it. */
export function cliProgress(): typeof CliProgress {
  return createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
}

export interface Progress {
  /** Marks one item done, with a short label of what finished. */
  tick(label: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr for long work. On a terminal it is a live bar; elsewhere (CI logs,
 * pipes) one line per finished item, so progress stays visible without control codes.
 * With `quiet` (e.g. --json) it prints nothing.
 */
export function startProgress(title: string, total: number, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet || total === 0) return { tick() {}, stop() {} };
  if (!process.stderr.isTTY) {
    let done = 0;
    return {
      tick(label) {
        done++;
        process.stderr.write(`${title} [${done}/${total}] ${label}\n`);
      },
      stop() {},
    };
  }
  const bar = new (cliProgress().SingleBar)(
    { format: `${title} [{bar}] {value}/{total} | ETA {eta_formatted} | {label}`, stream: process.stderr, hideCursor: true },
    cliProgress().Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    tick(label) {
      bar.increment(1, { label });
    },
    stop() {
      bar.stop();
    },
  };
}

export interface StatusBar {
  /** value of total done, a status line, and what happened last. */
  update(value: number, total: number, status: string, last?: string): void;
  stop(): void;
}

/**
 * A bar whose total may grow (work discovered as it runs) with a status line. On a terminal a
 * live bar; elsewhere one line whenever the status changes. With `quiet` it prints nothing.
 */
export function startStatusBar(title: string, unit: string, options: { quiet?: boolean } = {}): StatusBar {
  if (options.quiet) return { update() {}, stop() {} };
  if (!process.stderr.isTTY) {
    let previous = '';
    return {
      update(_value, _total, status, last) {
        if (status !== previous) process.stderr.write(`${title} ${status}${last ? ` | ${last}` : ''}\n`);
        previous = status;
      },
      stop() {},
    };
  }
  const bar = new (cliProgress().SingleBar)(
    { format: `${title} [{bar}] {value}/{total} ${unit} | {status} | ETA {eta_formatted} | {last}`, stream: process.stderr, hideCursor: true, etaBuffer: 20 },
    cliProgress().Presets.shades_classic,
  );
  let started = false;
  return {
    update(value, total, status, last = '') {
      const payload = { status, last: last.slice(0, 60) };
      if (!started) bar.start(Math.max(1, total), value, payload);
      started = true;
      bar.setTotal(Math.max(1, total));
      bar.update(value, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
