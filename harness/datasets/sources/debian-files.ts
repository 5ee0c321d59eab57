import { execFile } from 'node:child_process';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { fashionMnistCard, fortunesCard } from '../cards/debian-docs.js';
import { writeCsv } from '../csv-table.js';
import { sha256 } from '../hash.js';
import { debianVersion, runConverterScript, type DatasetSpec, type Provenance } from './common.js';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const readGzip = async (file: string) => gunzipSync(await readFile(file)).toString('utf8');
const FASHION_SAMPLE = { size: 14000, seed: 0 };

const fashionMnist: DatasetSpec = {
  name: 'fashion-mnist',
  title: 'Fashion-MNIST (14000-image sample)',
  description:
    'Zalando article images, 28x28 grayscale PNG, with the class name in labels.csv (T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot). A deterministic 14000-image sample of the 70000 (train then test) shipped by Debian.',
  modality: 'image',
  domain: 'fashion',
  source: { kind: 'debian', package: 'dataset-fashion-mnist' },
  approxRows: FASHION_SAMPLE.size,
  approxColumns: 2,
  knownTargets: ['label'],
  async convert(dir: string): Promise<Provenance> {
    const { size, seed } = FASHION_SAMPLE;
    const out = await runConverterScript('fashion-mnist', 'export_fashion_mnist.py', [FASHION_DIR, dir, String(size), String(seed)], z.object({ fromRows: z.number().int() }));
    const license = 'Expat (MIT), Zalando SE (Debian dataset-fashion-mnist copyright)';
    const readme = await readGzip('/usr/share/doc/dataset-fashion-mnist/README.md.gz');
    const sample = `This copy is a deterministic ${size}-image sample of the ${out.fromRows} (train then test).`;
    return {
      version: await debianVersion('dataset-fashion-mnist'),
      license,
      card: fashionMnistCard(readme, license, sample),
      sampling: {
        method: 'hash-rank: the rows (train 0-59999 then test 60000-69999) with the smallest sha256("<seed>:<index>"), kept in source order',
        seed,
        fromRows: out.fromRows,
        toRows: size,
      },
    };
  },
};

const execFileAsync = promisify(execFile);

/** The fortune files of the `fortunes` package itself (not fortunes-min etc. sharing the folder). */
async function fortuneFiles(): Promise<string[]> {
  const { stdout } = await execFileAsync('dpkg-query', ['-L', 'fortunes']);
  const candidates = stdout.split('\n').filter((f) => f.startsWith('/usr/share/games/fortunes/') && !/\.(dat|u8)$/.test(f));
  const files: string[] = [];
  for (const f of candidates) if ((await lstat(f)).isFile()) files.push(f);
  return files.sort();
}

/** Splits a strfile source into its quotes (separated by lines holding only `%`), removing overstrike. */
export function splitFortunes(text: string): string[] {
  return text
    .replace(/.\x08/g, '')
    .split(/^%$/m)
    .map((q) => q.replace(/^\n+|\s+$/g, ''))
    .filter((q) => q.length > 0);
}

const FORTUNES_TITLE = 'Fortune cookie quotes by category';

const fortunes: DatasetSpec = {
  name: 'fortunes',
  title: FORTUNES_TITLE,
  description:
    "Quotes, jokes and aphorisms from the BSD fortune(6) database as packaged by Debian's `fortunes`; `category` is the fortune file they come from (computers, science, politics, ...). Rows are in a fixed pseudo-random order.",
  modality: 'text',
  domain: 'humor',
  source: { kind: 'debian', package: 'fortunes' },
  approxRows: 14396,
  approxColumns: 3,
  knownTargets: ['category'],
  async convert(dir: string): Promise<Provenance> {
    const quotes: { category: string; text: string; key: string }[] = [];
    const files = await fortuneFiles();
    for (const file of files) {
      const category = path.basename(file);
      splitFortunes(await readFile(file, 'utf8')).forEach((text, i) => quotes.push({ category, text, key: sha256(`0:${category}/${i}`) }));
    }
    // Source order groups quotes by category; a hash order keeps ids uninformative about the label.
    quotes.sort((a, b) => (a.key < b.key ? -1 : 1));
    await writeCsv(path.join(dir, 'data.csv'), ['id', 'category', 'text'], quotes.map((q, i) => [i, q.category, q.text]));
    const license = 'BSD-3-Clause (Regents of the University of California, advertising clause deleted; Debian fortunes copyright, which lists further notices for some files)';
    const { stdout: description } = await execFileAsync('dpkg-query', ['-W', '-f=${Description}', 'fortunes']);
    const card = fortunesCard({
      title: FORTUNES_TITLE,
      description,
      cookieFiles: await readGzip('/usr/share/doc/fortunes/cookie-files.gz'),
      categories: files.map((f) => path.basename(f)),
      license,
    });
    return { version: await debianVersion('fortunes'), license, card };
  },
};

export const debianFileDatasets: DatasetSpec[] = [fashionMnist, fortunes];
