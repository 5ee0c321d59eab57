import cliProgress from 'cli-progress';

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
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {value}/{total} | ETA {eta_formatted} | {label}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
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
