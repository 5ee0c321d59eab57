import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import type { DatasetCard } from '../../datasets/card.js';
import type { FetchResult } from '../../datasets/fetch.js';
import type { ColumnSummary } from '../../datasets/profile.js';
import { datasetsDir } from '../../util/paths.js';
import { asCliError } from '../dataset-errors.js';
import { CliError, EXIT, formatTable, printJson } from '../output.js';
import { cliProgress } from '../progress.js';
import type { CommandBody } from '../command-registry.js';

async function withCliErrors(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    throw asCliError(err);
  }
}

interface ListRow {
  name: string;
  title: string;
  modality: string;
  domain: string;
  source: string;
  rows: number;
  fetched: boolean;
}

/** Usable registered datasets, then user datasets imported into the datasets folder. */
async function listRows(): Promise<ListRow[]> {
  const [{ datasetDir, isFetched, loadDatasetManifest }, { DATASETS, sourceLabel, usableDatasets }] = await Promise.all([import('../../datasets/fetch.js'), import('../../datasets/registry.js')]);
  const rows: ListRow[] = usableDatasets().map((d) => ({
    name: d.name,
    title: d.title,
    modality: d.modality,
    domain: d.domain,
    source: sourceLabel(d.source),
    rows: d.approxRows,
    fetched: isFetched(d.name),
  }));
  const registered = new Set(DATASETS.map((d) => d.name));
  const folders = (() => {
    try {
      return readdirSync(datasetsDir()).filter((n) => !n.startsWith('.') && !registered.has(n) && isFetched(n)).sort();
    } catch {
      return [];
    }
  })();
  for (const name of folders) {
    const m = await loadDatasetManifest(datasetDir(name)).catch(() => null);
    if (m) rows.push({ name, title: m.title, modality: m.modality, domain: m.domain, source: sourceLabel(m.source), rows: m.tables[0]?.rows ?? 0, fetched: true });
  }
  return rows;
}

const listCommand: CommandModule<object, { json: boolean; all: boolean }> = {
  command: 'list',
  describe: 'List the usable datasets available offline (and user datasets already imported); --all adds those left out, with why',
  builder: (y: Argv) =>
    y
      .option('all', { type: 'boolean', default: false, describe: 'also list the datasets left out (too small, needing a download...) with the reason' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }) as Argv<{ json: boolean; all: boolean }>,
  handler: (args) =>
    withCliErrors(async () => {
      const rows = await listRows();
      const { exclusions } = await import('../../datasets/registry.js');
      const leftOut = args.all ? await exclusions() : [];
      if (args.json) return printJson(args.all ? { datasets: rows, leftOut } : rows);
      const table = rows.map((r) => [r.name, r.modality, r.domain, r.source, r.rows, r.fetched ? 'yes' : 'no']);
      const lines = [formatTable(['name', 'modality', 'domain', 'source', 'rows', 'fetched'], table)];
      if (args.all) lines.push('', `left out (${leftOut.length}):`, formatTable(['dataset', 'reason'], leftOut.map((e) => [e.dataset, e.reason])));
      process.stdout.write(lines.join('\n') + '\n');
    }),
};

interface FetchArgs {
  names: string[];
  all: boolean;
  force: boolean;
  json: boolean;
  name?: string;
}

type FetchOutcome = { dataset: string; result: FetchResult } | { dataset: string; error: string };

async function fetchMany(names: string[], args: FetchArgs): Promise<FetchOutcome[]> {
  const [{ fetchDataset }, { default: pLimit }] = await Promise.all([import('../../datasets/fetch.js'), import('p-limit')]);
  const bar = names.length > 1 && !args.json ? new (cliProgress().SingleBar)({ format: 'datasets {bar} {value}/{total} {dataset}', stream: process.stderr }, cliProgress().Presets.shades_classic) : null;
  bar?.start(names.length, 0, { dataset: '' });
  // Conversions are mostly single-threaded Python; a few at once use the cores without thrashing.
  const limit = pLimit(Math.min(4, availableParallelism()));
  const outcomes = await Promise.all(
    names.map((dataset) =>
      limit(async (): Promise<FetchOutcome> => {
        let why = '';
        try {
          const result = await fetchDataset(dataset, { force: args.force, name: args.name });
          why = result.reason ? ` (converted: ${result.reason})` : '';
          return { dataset, result };
        } catch (err) {
          const cli = asCliError(err);
          if (!(cli instanceof CliError)) throw err;
          return { dataset, error: cli.message };
        } finally {
          bar?.increment(1, { dataset: `${dataset}${why}` });
        }
      }),
    ),
  );
  bar?.stop();
  return outcomes;
}

const fetchCommand: CommandModule<object, FetchArgs> = {
  command: 'fetch [names..]',
  describe: 'Convert datasets (names, canonical folders or user folders) into the canonical form under the datasets folder',
  builder: (y: Argv) =>
    y
      .positional('names', { type: 'string', array: true, default: [], describe: 'dataset names or folders' })
      .option('all', { type: 'boolean', default: false, describe: 'fetch every registered dataset' })
      .option('force', { type: 'boolean', default: false, describe: 'convert again even if a verified copy exists' })
      .option('name', { type: 'string', describe: 'dataset name for a user folder (default: the folder name)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }) as unknown as Argv<FetchArgs>,
  handler: (args) =>
    withCliErrors(async () => {
      const [{ resolveDatasetRef }, { DATASETS }] = await Promise.all([import('../../datasets/fetch.js'), import('../../datasets/registry.js')]);
      const names = args.all ? DATASETS.map((d) => d.name) : args.names;
      if (names.length === 0) throw new CliError('name datasets to fetch, or pass --all', EXIT.usage);
      if (args.name !== undefined && names.length !== 1) throw new CliError('--name applies to a single user folder', EXIT.usage);
      // Every argument must designate something before anything is converted.
      for (const name of names) resolveDatasetRef(name);
      const outcomes = await fetchMany(names, args);
      const failed = outcomes.filter((o) => 'error' in o);
      if (args.json) {
        printJson(
          outcomes.map((o) =>
            'error' in o
              ? { dataset: o.dataset, status: 'failed', error: o.error }
              : { dataset: o.dataset, name: o.result.manifest.name, status: o.result.fetched ? 'fetched' : 'present', ...(o.result.reason ? { reason: o.result.reason } : {}), dir: o.result.dir, rows: o.result.manifest.tables[0]?.rows ?? 0, files: Object.keys(o.result.manifest.files).length },
          ),
        );
      } else {
        const table = outcomes.map((o) =>
          'error' in o ? [o.dataset, 'FAILED', '', '', ''] : [o.result.manifest.name, o.result.fetched ? 'fetched' : 'present', o.result.manifest.tables[0]?.rows ?? 0, Object.keys(o.result.manifest.files).length, o.result.dir],
        );
        process.stdout.write(formatTable(['dataset', 'status', 'rows', 'files', 'dir'], table) + '\n');
      }
      if (failed.length) throw new CliError(failed.map((o) => ('error' in o ? o.error : '')).join('\n'), EXIT.failed);
    }),
};

function describeColumn(c: ColumnSummary): string {
  const round = (n: number) => Number(n.toPrecision(6));
  if (c.min !== undefined && c.max !== undefined && c.mean !== undefined) return `min ${round(c.min)}, max ${round(c.max)}, mean ${round(c.mean)}`;
  if (c.meanLength !== undefined) return `mean length ${Math.round(c.meanLength)}`;
  return (c.top ?? []).map((t) => `${t.value} (${t.count})`).join(', ');
}

const showCommand: CommandModule<object, { dataset: string; json: boolean }> = {
  command: 'show <dataset>',
  describe: 'Show a dataset manifest and a summary of every column (fetches it first if needed)',
  builder: (y: Argv) =>
    y
      .positional('dataset', { type: 'string', demandOption: true, describe: 'dataset name or folder' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }) as Argv<{ dataset: string; json: boolean }>,
  handler: (args) =>
    withCliErrors(async () => {
      const [{ fetchDataset }, { summarizeTable }, { sourceLabel }, { cardWithTwins }] = await Promise.all([
        import('../../datasets/fetch.js'),
        import('../../datasets/profile.js'),
        import('../../datasets/registry.js'),
        import('../../datasets/twins.js'),
      ]);
      const { dir, manifest: stored } = await fetchDataset(args.dataset);
      const manifest = { ...stored, card: await cardWithTwins(stored.name, stored.card) };
      const tables = [];
      for (const table of manifest.tables) tables.push({ file: table.file, rows: table.rows, columns: await summarizeTable(dir, table) });
      const { files, ...rest } = manifest;
      if (args.json) return printJson({ dir, manifest: rest, fileCount: Object.keys(files).length, tables });
      const card = new Map(manifest.card.columns.map((c) => [c.name, c]));
      const facts = [
        ['name', manifest.name],
        ['title', manifest.title],
        ['source', `${sourceLabel(manifest.source)}${manifest.source.version ? ` ${manifest.source.version}` : ''}`],
        ['license', manifest.license],
        ['modality', manifest.modality],
        ['domain', manifest.domain],
        ['known targets', manifest.knownTargets.join(', ') || '-'],
        ['files', `${Object.keys(files).length} in ${dir}`],
        ...(manifest.sampling ? [['sampling', `${manifest.sampling.toRows} of ${manifest.sampling.fromRows}, seed ${manifest.sampling.seed}: ${manifest.sampling.method}`]] : []),
      ];
      const width = Math.max(...facts.map(([key]) => key!.length));
      const lines = [...facts.map(([key, value]) => `${key!.padEnd(width)}  ${value}`), '', manifest.description, '', ...targetLines(manifest.card)];
      for (const t of tables) {
        lines.push('', `${t.file}: ${t.rows} rows`);
        const rows = t.columns.map((c) => [c.name, c.type, card.get(c.name)?.role ?? '', card.get(c.name)?.unit ?? '', c.missing, c.distinct, describeColumn(c)]);
        lines.push(formatTable(['column', 'type', 'role', 'unit', 'missing', 'distinct', 'summary'], rows));
      }
      lines.push('', `card: arena datasets card ${manifest.name}`);
      process.stdout.write(lines.join('\n') + '\n');
    }),
};

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function targetLines(card: DatasetCard): string[] {
  if (!card.targets.length) return ['documented targets: none'];
  return [
    'documented targets:',
    ...card.targets.map((t) => `  ${t.column}${t.transform ? ` as ${t.transform}` : ''}: ${t.modelFamily}, ${t.origin} by ${t.evidence.kind}: ${t.evidence.text}${t.overrideReason ? ` [why: ${t.overrideReason}]` : ''}`),
  ];
}

/** A card for reading: what the dataset is, where it comes from, its targets with their evidence, and every column. */
function formatCard(name: string, card: DatasetCard, twins: string[] = []): string {
  const origin = (field: string) => (card.origins[field] ? ` (${card.origins[field]})` : '');
  const facts: [string, string][] = [
    ['dataset', name],
    ['title', `${card.title}${origin('title')}`],
    ['source', [card.source.package, card.source.object].filter(Boolean).join(' ') + (card.source.documentation ? `; documentation: ${card.source.documentation}` : '')],
    ['license', `${card.license}${origin('license')}`],
    ...(card.citation ? [['citation', `${card.citation}${origin('citation')}`] as [string, string]] : []),
    ...(card.twinGroup ? [['twin group', `${card.twinGroup}${twins.length ? `: ${twins.join(', ')}` : ''}`] as [string, string]] : []),
    ...(card.usableBy ? [['usable by', `${card.usableBy.join(', ')}${origin('usableBy')}`] as [string, string]] : []),
  ];
  const width = Math.max(...facts.map(([key]) => key.length));
  const columns = card.columns.map((c) => [c.name, c.role, c.type, c.unit ?? '', c.origin, clip([c.meaning, c.coding ? `[${c.coding}]` : ''].filter(Boolean).join(' '), 100)]);
  const overrides = card.columns.filter((c) => c.overrideReason).map((c) => `  ${c.name}: ${c.overrideReason}`);
  return [
    ...facts.map(([key, value]) => `${key.padEnd(width)}  ${value}`),
    '',
    `${card.description}${origin('description')}`,
    '',
    ...targetLines(card),
    '',
    formatTable(['column', 'role', 'type', 'unit', 'origin', 'meaning'], columns),
    ...(overrides.length ? ['', 'overrides:', ...overrides] : []),
  ].join('\n');
}

const cardCommand: CommandModule<object, { dataset: string; json: boolean }> = {
  command: 'card <dataset>',
  describe: "Print a dataset's card: its documentation, documented targets with their evidence, and each column's meaning, unit and role (fetches it first if needed)",
  builder: (y: Argv) =>
    y
      .positional('dataset', { type: 'string', demandOption: true, describe: 'dataset name or folder' })
      .option('json', { type: 'boolean', default: false, describe: 'print the card as JSON (the DatasetCard schema)' }) as Argv<{ dataset: string; json: boolean }>,
  handler: (args) =>
    withCliErrors(async () => {
      const [{ fetchDataset }, { cardWithTwins, twinGroups }] = await Promise.all([import('../../datasets/fetch.js'), import('../../datasets/twins.js')]);
      const { manifest } = await fetchDataset(args.dataset);
      const card = await cardWithTwins(manifest.name, manifest.card);
      if (args.json) return printJson(card);
      const members = (await twinGroups()).find((g) => g.id === card.twinGroup)?.members ?? [];
      process.stdout.write(formatCard(manifest.name, card, members) + '\n');
    }),
};

const twinsCommand: CommandModule<object, { json: boolean }> = {
  command: 'twins',
  describe: 'Group the fetched datasets that hold the same rows under other names (by content)',
  builder: (y: Argv) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }) as Argv<{ json: boolean }>,
  handler: (args) =>
    withCliErrors(async () => {
      const { twinGroups } = await import('../../datasets/twins.js');
      const groups = await twinGroups();
      if (args.json) return printJson(groups);
      const rows = groups.flatMap((g) => g.pairs.map((p) => [g.id, `${p.contained} in ${p.container}`, `${Math.round(p.rowContainment * 100)}%`, p.columns.map(([a, b]) => (a === b ? a : `${a}=${b}`)).join(', ')]));
      process.stdout.write((rows.length ? formatTable(['group', 'rows of', 'share', 'matched columns'], rows) : 'no twins among the fetched datasets') + '\n');
    }),
};

export const datasetsCommand: CommandBody = {
  builder: (y: Argv) =>
    y
      .command(listCommand as unknown as CommandModule)
      .command(fetchCommand as unknown as CommandModule)
      .command(showCommand as unknown as CommandModule)
      .command(cardCommand as unknown as CommandModule)
      .command(twinsCommand as unknown as CommandModule)
      .demandCommand(1, 'Name a datasets command: list, fetch, show, card or twins.'),
  handler: () => {},
};
