// Lists every registry dataset that gets a target from a column its card describes as a choice or
// a decision (harness/smith/choice-columns.ts), and every such column the rule then refuses, with
// the card's words, so the rule's hits can be judged against the documentation (issue #12). Run
// after `npm run build`:  node scripts/smith/choice-targets.mjs [--json]
// Only fetched datasets are read (`arena datasets fetch` the rest first).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = (module) => import(path.join(repo, 'dist', 'harness', module));
const { datasetNames } = await load('datasets/registry.js');
const { isFetched, loadDatasetManifest, datasetDir } = await load('datasets/fetch.js');
const { profileDataset } = await load('smith/profile.js');
const { expertTargets } = await load('smith/targets.js');
const { choiceColumns } = await load('smith/choice-columns.js');

const rows = [];
const unfetched = [];
for (const name of datasetNames()) {
  if (!isFetched(name)) {
    unfetched.push(name);
    continue;
  }
  const { card } = await loadDatasetManifest(datasetDir(name));
  // Profiling is the slow part: only a card that documents no target and describes a choice can give one.
  if (!card || card.targets.length > 0 || card.columns.some((c) => c.role === 'outcome') || choiceColumns(card).length === 0) continue;
  const profile = await profileDataset(name, { cacheDir: path.join(repo, '.cache', 'choice-targets') });
  const { ideas, rejected } = expertTargets(profile);
  const meaning = (column) => card.columns.find((c) => c.name === column)?.meaning ?? '';
  rows.push({
    dataset: name,
    title: card.title,
    candidates: choiceColumns(card).map((c) => ({ column: c.column.name, phrase: c.phrase, by: c.by })),
    targets: ideas.filter((i) => i.basis === 'choice').map((i) => ({ target: i.name, kind: i.kind, meaning: meaning(i.source) })),
    refused: rejected.filter((r) => /choice or decision/.test(r.reason)).map((r) => r.reason),
    others: ideas.filter((i) => i.basis !== 'choice').map((i) => `${i.name} (${i.basis})`),
  });
}
if (process.argv.includes('--json')) console.log(JSON.stringify({ rows, unfetched }, null, 2));
else {
  for (const r of rows) {
    if (r.targets.length + r.refused.length === 0) console.log(`GATED ${r.dataset} | ${r.candidates.map((c) => `${c.column} '${c.phrase}'`).join(', ')} (the card yields other ideas or refusals first)`);
    for (const t of r.targets) console.log(`HIT  ${r.dataset} | ${r.title} | ${t.target} (${t.kind}): ${t.meaning}${r.others.length ? ` | also ${r.others.join(', ')}` : ''}`);
    for (const reason of r.refused) console.log(`MISS ${r.dataset} | ${reason}`);
  }
  console.log(`${rows.reduce((n, r) => n + r.targets.length, 0)} choice targets; ${unfetched.length} datasets not fetched`);
}
