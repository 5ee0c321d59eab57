import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { REPO_ROOT } from '../util/paths.js';
import { fetchDataset } from './fetch.js';
import { LOCK_FILE, lockEntry, readLock, writeLock, type LockEntry } from './lock.js';
import { DATASETS } from './registry.js';

const USAGE = `Usage: node dist/harness/datasets/refresh-lock.js [--reuse] [name ...]

Rewrites ${path.relative(REPO_ROOT, LOCK_FILE)}, the expected sha256 of every registered dataset's
canonical raw form, which tests/datasets/registry-lock.test.ts checks. Run it on purpose, when a
change to a converter, a source package or the registry is meant to change what datasets convert
to (or adds or removes datasets); then commit the lock with that change, and say why.

By default every named dataset (all registered ones when none is named) is converted afresh into
the datasets folder (as \`arena datasets fetch --force\`), so the lock records what the code at
this commit produces; converting the whole registry takes about a quarter of an hour on 2 cores.
Named datasets replace their own entries and leave the others as they are; with no names, entries
of datasets no longer registered are dropped.

  --reuse   take the copies already fetched (converting only missing ones): fast, but a copy
            fetched before a converter change records the old conversion
  --help    this text
`;

interface Change {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

export async function refreshLock(names: string[], reuse: boolean, log: (line: string) => void): Promise<Change> {
  const registered = new Set(DATASETS.map((d) => d.name));
  const unknown = names.filter((n) => !registered.has(n));
  if (unknown.length) throw new Error(`not registered datasets: ${unknown.join(', ')}`);
  const previous = existsSync(LOCK_FILE) ? readLock().datasets : {};
  const targets = names.length ? names : [...registered];
  const next: Record<string, LockEntry> = names.length ? { ...previous } : {};
  const limit = pLimit(2);
  let done = 0;
  await Promise.all(
    targets.map((name) =>
      limit(async () => {
        const { manifest } = await fetchDataset(name, { force: !reuse });
        next[name] = lockEntry(manifest.files);
        log(`${++done}/${targets.length} ${name}`);
      }),
    ),
  );
  writeLock(next);
  const change: Change = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const [name, entry] of Object.entries(next)) {
    if (!previous[name]) change.added.push(name);
    else if (previous[name]!.sha256 !== entry.sha256) change.changed.push(name);
    else change.unchanged++;
  }
  change.removed = Object.keys(previous).filter((n) => !(n in next));
  return change;
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const flags = argv.filter((a) => a.startsWith('-'));
  const unknown = flags.filter((f) => f !== '--reuse');
  if (unknown.length) throw new Error(`unknown option ${unknown.join(', ')}\n\n${USAGE}`);
  const change = await refreshLock(
    argv.filter((a) => !a.startsWith('-')),
    flags.includes('--reuse'),
    (line) => process.stderr.write(`${line}\n`),
  );
  const list = (label: string, names: string[]) => (names.length ? `${label} (${names.length}): ${names.sort().join(', ')}\n` : '');
  process.stdout.write(
    `${path.relative(REPO_ROOT, LOCK_FILE)}: ${change.unchanged} unchanged\n` + list('changed', change.changed) + list('added', change.added) + list('removed', change.removed),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`refresh-lock: ${err.message}\n`);
    process.exit(1);
  });
}
