// Lists every registry dataset that gets a target from its title (harness/smith/title-subject.ts)
// and every title that names a column the rule then refuses, with the card's words for each, so
// the rule's hits can be judged against the documentation (issue #12). Run after `npm run build`:
//   node scripts/smith/title-targets.mjs [--json]
// Only fetched datasets are read (`arena datasets fetch` the rest first); profiles are cached in
// .cache/title-targets so a re-run after changing the rule profiles nothing again.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = (module) => import(path.join(repo, 'dist', 'harness', module));
const { datasetNames } = await load('datasets/registry.js');
const { isFetched, loadDatasetManifest, datasetDir } = await load('datasets/fetch.js');
const { profileDataset } = await load('smith/profile.js');
const { expertTargets } = await load('smith/targets.js');
const { titleTarget } = await load('smith/title-subject.js');

const rows = [];
const unfetched = [];
for (const name of datasetNames()) {
  if (!isFetched(name)) {
    unfetched.push(name);
    continue;
  }
  const { card } = await loadDatasetManifest(datasetDir(name));
  // Profiling is the slow part: only a title that names a column can give a title target.
  if (!card || card.targets.length > 0 || card.columns.some((c) => c.role === 'outcome') || !titleTarget(card, new Map(), 0)) continue;
  let profile;
  try {
    profile = await profileDataset(name, { cacheDir: path.join(repo, '.cache', 'title-targets') });
  } catch (err) {
    rows.push({ dataset: name, title: card.title, targets: [], refused: [`not profiled: ${err.message.slice(0, 200)}`] });
    continue;
  }
  const { ideas, rejected } = expertTargets(profile);
  const titled = ideas.filter((i) => i.basis === 'title');
  const refused = rejected.filter((r) => /the title '/.test(r.reason));
  if (titled.length + refused.length === 0) continue;
  const meaning = (column) => card.columns.find((c) => c.name === column)?.meaning ?? '';
  rows.push({ dataset: name, title: card.title, targets: titled.map((i) => ({ target: i.name, kind: i.kind, meaning: meaning(i.source), why: i.why })), refused: refused.map((r) => r.reason) });
}
if (process.argv.includes('--json')) console.log(JSON.stringify({ rows, unfetched }, null, 2));
else {
  for (const r of rows) {
    for (const t of r.targets) console.log(`HIT  ${r.dataset} | ${r.title} | ${t.target} (${t.kind}): ${t.meaning}`);
    for (const reason of r.refused) console.log(`MISS ${r.dataset} | ${reason}`);
  }
  console.log(`${rows.reduce((n, r) => n + r.targets.length, 0)} title targets; ${unfetched.length} datasets not fetched`);
}
