// Lists every registry dataset that gets a target from one of the rules for cards that document
// none, and every column such a rule names and then refuses, with the card's words, so the rule's
// hits can be judged against the documentation (issue #12):
//   --rule title   the quantity the title names (harness/smith/title-subject.ts)
//   --rule choice  what the units chose or what was decided about them (harness/smith/choice-columns.ts)
// Run after `npm run build`:  node scripts/smith/card-targets.mjs --rule title|choice [--json]
// Only fetched datasets are read (`arena datasets fetch` the rest first); profiles are cached in
// .cache/card-targets so a re-run after changing a rule profiles nothing again.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = (module) => import(path.join(repo, 'dist', 'harness', module));
const { datasetNames } = await load('datasets/registry.js');
const { isFetched, loadDatasetManifest, datasetDir } = await load('datasets/fetch.js');
const { profileDataset } = await load('smith/profile.js');
const { expertTargets } = await load('smith/targets.js');
const { titleTarget } = await load('smith/title-subject.js');
const { choiceColumns } = await load('smith/choice-columns.js');

// Per rule: whether a card can give a target by it (profiling is the slow part), the basis of its ideas, and how its refusals read.
const RULES = {
  title: { applies: (card) => titleTarget(card, new Map(), 0) !== null, basis: 'title', refusal: /the title '/ },
  choice: { applies: (card) => choiceColumns(card).length > 0, basis: 'choice', refusal: /choice or decision/ },
};
const name = process.argv[process.argv.indexOf('--rule') + 1];
const rule = process.argv.includes('--rule') ? RULES[name] : undefined;
if (!rule) {
  console.error(`usage: node scripts/smith/card-targets.mjs --rule ${Object.keys(RULES).join('|')} [--json]`);
  process.exit(2);
}

const rows = [];
const unfetched = [];
for (const dataset of datasetNames()) {
  if (!isFetched(dataset)) {
    unfetched.push(dataset);
    continue;
  }
  const { card } = await loadDatasetManifest(datasetDir(dataset));
  if (!card || card.targets.length > 0 || card.columns.some((c) => c.role === 'outcome') || !rule.applies(card)) continue;
  let profile;
  try {
    profile = await profileDataset(dataset, { cacheDir: path.join(repo, '.cache', 'card-targets') });
  } catch (err) {
    rows.push({ dataset, title: card.title, targets: [], refused: [`not profiled: ${err.message.slice(0, 200)}`] });
    continue;
  }
  const { ideas, rejected } = expertTargets(profile);
  const meaning = (column) => card.columns.find((c) => c.name === column)?.meaning ?? '';
  const targets = ideas.filter((i) => i.basis === rule.basis).map((i) => ({ target: i.name, kind: i.kind, meaning: meaning(i.source), why: i.why }));
  const refused = rejected.filter((r) => rule.refusal.test(r.reason)).map((r) => r.reason);
  if (targets.length + refused.length > 0) rows.push({ dataset, title: card.title, targets, refused });
}
if (process.argv.includes('--json')) console.log(JSON.stringify({ rule: name, rows, unfetched }, null, 2));
else {
  for (const r of rows) {
    for (const t of r.targets) console.log(`HIT  ${r.dataset} | ${r.title} | ${t.target} (${t.kind}): ${t.meaning}`);
    for (const reason of r.refused) console.log(`MISS ${r.dataset} | ${reason}`);
  }
  console.log(`${rows.reduce((n, r) => n + r.targets.length, 0)} ${name} targets; ${unfetched.length} datasets not fetched`);
}
