// Viewer benchmark: a synthetic run of BENCH_EPISODES (default 100,000) LLM episodes, each with
// model calls recorded whole (request, reply) and steps with code and output, written through the
// run store; beside it, the same run's JSON Lines transcripts with every request in full (how a
// log-file viewer keeps them). Measures arena view's time to the first page, to a filtered page,
// to a text search and to one episode, against the peer: the JSON Lines transcripts read whole
// (what a viewer without an index must do before it can show a page), in the same run. Also the
// run store's size per episode against the transcripts', and report.html's size for the run.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => path.join(repo, 'dist', 'harness', p);
const { RunStore, episodeId } = await import(dist('arena/run-store.js'));
const { startViewer } = await import(dist('viewer/server.js'));

const EPISODES = Number(process.env.BENCH_EPISODES ?? 100_000);
const AGENTS = 12;
const SEEDS = 3;
const CALLS = 4;
const REPORT = process.env.BENCH_REPORT !== '0';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'arena-bench-viewer-'));
const runDir = path.join(scratch, 'run');
const suiteDir = path.join(scratch, 'suite');
const taskCount = Math.ceil(EPISODES / (AGENTS * SEEDS));
const seconds = (t0) => (performance.now() - t0) / 1000;
const log = (s) => process.stdout.write(`${s}\n`);

// Tasks: the iris manifest under other ids, half of them human-designed, half generated.
const iris = JSON.parse(readFileSync(path.join(repo, 'tasks', 'human-v1', 'iris-species', 'task.json'), 'utf8'));
const taskIds = Array.from({ length: taskCount }, (_, i) => `task-${String(i).padStart(5, '0')}`);
for (const [suite, origin, ids] of [['bench-human', 'human', taskIds.filter((_, i) => i % 2 === 0)], ['bench-smith', 'smith', taskIds.filter((_, i) => i % 2 === 1)]]) {
  for (const id of ids) {
    mkdirSync(path.join(suiteDir, suite, id), { recursive: true });
    writeFileSync(path.join(suiteDir, suite, id, 'task.json'), JSON.stringify({ ...iris, id }));
  }
  writeFileSync(path.join(suiteDir, suite, 'suite.json'), JSON.stringify({ name: suite, version: '1', origin, tasks: ids }));
}
const suiteOf = (i) => (i % 2 === 0 ? 'bench-human' : 'bench-smith');
// The peer's transcripts: one JSON Lines file per episode with every request in full, apart from
// the run (whose own transcripts keep the counts of a call, not its messages).
const peerDir = path.join(scratch, 'peer');
mkdirSync(peerDir);
const peerFile = (id) => path.join(peerDir, `${id.replace(/[^A-Za-z0-9._-]+/g, '_')}.jsonl`);

const system = readFileSync(path.join(repo, 'agents', 'prompts', 'ml-engineer.md'), 'utf8');
const taskText = (t) => `# Task ${t}\nPredict the species of iris flowers from four measurements.\n${'The data has 150 rows and 5 columns. '.repeat(20)}`;
const code = (e, k) => `import pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier\ntrain = pd.read_csv('/data/train.csv')\n# attempt ${k} of episode ${e}: n_estimators=${100 + (e % 7) * 50 + k}\nmodel = RandomForestClassifier(n_estimators=${100 + k}, random_state=${e % 1000}).fit(train.drop(columns=['id', 'species']), train['species'])\n${'# feature notes\n'.repeat(10)}`;
const output = (e, k) => `cv accuracy ${((e * 7 + k) % 100) / 100}\nwrote submission.csv (45 rows)\n`;

// The run, through the run store; the transcripts beside it.
mkdirSync(runDir, { recursive: true });
const store = new RunStore(path.join(runDir, 'run.sqlite'), 'run');
const keys = [];
for (let t = 0; t < taskCount; t++) for (let a = 0; a < AGENTS; a++) for (let s = 0; s < SEEDS && keys.length < EPISODES; s++) {
  keys.push({ suite: suiteOf(t), taskId: taskIds[t], taskDir: path.join(suiteDir, suiteOf(t), taskIds[t]), agentId: `openai:synthetic-${a}`, seed: s });
}
let t0 = performance.now();
let jsonlBytes = 0;
const BATCH = 2000;
for (let b = 0; b < keys.length; b += BATCH) {
  store.inTransaction(() => {
    if (b === 0) {
      store.ensureRun({ bench: true });
      store.planEpisodes(keys);
    }
    for (let i = b; i < Math.min(keys.length, b + BATCH); i++) {
      const k = keys[i];
      const id = episodeId(k);
      store.startEpisode(id, 'llm');
      const lines = [JSON.stringify({ kind: 'episode', id, task: k.taskId, agent: k.agentId, seed: k.seed })];
      const messages = [{ role: 'user', text: taskText(k.taskId) }];
      let step = 0;
      for (let c = 0; c < CALLS; c++) {
        const last = c === CALLS - 1;
        const reply = last
          ? { text: 'Submitting the best step.', toolCalls: [{ id: `call_${c}`, name: 'submit', rawArguments: '{}' }], stopReason: 'tool_calls', model: 'synthetic' }
          : { text: `Experiment ${c}: a forest.`, toolCalls: [{ id: `call_${c}`, name: 'execute_code', rawArguments: JSON.stringify({ code: code(i, c) }) }], stopReason: 'tool_calls', model: 'synthetic' };
        const request = { system, messages: messages.slice(), tools: ['request_info', 'validate_code', 'execute_code', 'submit'], temperature: 1, seed: k.seed, maxOutputTokens: 16384 };
        const usage = { model: 'synthetic', inputTokens: 2000 + c * 400, outputTokens: 200, costUsd: 0.001, latencyMs: 800, cached: false };
        store.recordLlmCall(id, c, { ...usage, call: { provider: 'openai', api: 'chat', request, reply, retries: [] } });
        lines.push(JSON.stringify({ kind: 'llm_call', ...usage, request, reply }));
        messages.push({ role: 'assistant', text: reply.text, toolCalls: reply.toolCalls });
        step++;
        const score = ((i * 13 + c) % 100) / 100;
        const record = last
          ? { step, action: 'submit', ok: true, wallMs: 1, cpuMs: 0, observation: 'submitted' }
          : { step, action: 'execute_code', code: code(i, c), stdout: output(i, c), ok: true, wallMs: 900, cpuMs: 800, observation: output(i, c), submission: { valid: true, publicScore: score, privateScore: score, file: 'x' } };
        store.recordStep(id, c, record);
        lines.push(JSON.stringify({ kind: 'step', ...record }));
        messages.push({ role: 'tool', results: [{ callId: `call_${c}`, name: reply.toolCalls[0].name, content: record.observation }] });
      }
      const score = ((i * 13) % 100) / 100;
      const outcome = { status: 'completed', finalStep: 1, score, publicScore: score, valid: true, steps: CALLS, error: null, stopReason: 'submitted', wallMs: 60_000 };
      store.finishEpisode(id, outcome);
      lines.push(JSON.stringify({ kind: 'result', ...outcome }));
      const file = peerFile(id);
      const text = lines.join('\n') + '\n';
      writeFileSync(file, text);
      jsonlBytes += Buffer.byteLength(text);
    }
  });
}
store.close();
log(`wrote ${keys.length.toLocaleString('en-US')} episodes (${taskCount} tasks × ${AGENTS} agents × ${SEEDS} seeds, ${CALLS} model calls each) in ${seconds(t0).toFixed(1)} s`);

const fileSize = (f) => statSync(f, { throwIfNoEntry: false })?.size ?? 0;
const storeBytes = fileSize(path.join(runDir, 'run.sqlite')) + fileSize(path.join(runDir, 'run.sqlite-wal'));

// arena view: a fresh server for the first page (start-up and cold caches included), then the rest.
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
t0 = performance.now();
const viewer = await startViewer({ runDirs: [runDir] });
const first = await fetch(viewer.url, { redirect: 'manual' });
const cookie = first.headers.get('set-cookie').split(';')[0];
const get = async (p) => {
  const r = await fetch(`http://127.0.0.1:${viewer.port}${p}`, { headers: { cookie } });
  if (!r.ok) throw new Error(`${p}: HTTP ${r.status}`);
  return r.text();
};
const firstPage = await get('/episodes');
const firstPageSec = seconds(t0);
const timed = async (p, n = 5) => {
  const times = [];
  let body = '';
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    body = await get(p);
    times.push(seconds(t));
  }
  return { sec: median(times), body };
};
const filter = await timed('/episodes?agent=openai:synthetic-3&minScore=0.5&sort=score&dir=desc');
const search = await timed('/episodes?q=random_state%3D417');
const deep = await timed('/episodes?page=1500');
const episode = await timed(`/episode/${encodeURIComponent(episodeId(keys[Math.floor(keys.length / 2)]))}`);
await viewer.close();

// The peer: every transcript read whole and parsed, then the same page, filter, search and episode.
t0 = performance.now();
const loaded = [];
for (const name of readdirSync(peerDir)) {
  const records = readFileSync(path.join(peerDir, name), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const head = records[0];
  const result = records.at(-1);
  loaded.push({ id: head.id, task: head.task, agent: head.agent, seed: head.seed, score: result.score, records });
}
loaded.sort((a, b) => a.task.localeCompare(b.task) || a.agent.localeCompare(b.agent) || a.seed - b.seed);
const peerPage = loaded.slice(0, 50);
const peerFirstSec = seconds(t0);
t0 = performance.now();
const peerFiltered = loaded.filter((e) => e.agent === 'openai:synthetic-3' && e.score >= 0.5).sort((a, b) => b.score - a.score).slice(0, 50);
const peerFilterSec = seconds(t0);
t0 = performance.now();
const peerFound = loaded.filter((e) => e.records.some((r) => r.kind === 'step' && typeof r.code === 'string' && r.code.includes('random_state=417')));
const peerSearchSec = seconds(t0);
t0 = performance.now();
const one = episodeId(keys[Math.floor(keys.length / 2)]);
readFileSync(peerFile(one), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const peerEpisodeSec = seconds(t0);
if (peerPage.length !== 50 || peerFiltered.length === 0 || !firstPage.includes('episodes match') || !search.body.includes(`${peerFound.length.toLocaleString('en-US')} episode`)) {
  throw new Error(`the two sides disagree (search: peer ${peerFound.length})`);
}

// report.html of the run, through arena report's own path (collect → statistics → write).
let reportLine = 'report.html: skipped (BENCH_REPORT=0)';
if (REPORT) {
  const { collectRuns } = await import(dist('report/collect.js'));
  const { buildReportModel } = await import(dist('report/build-model.js'));
  const { writeReport } = await import(dist('report/write.js'));
  t0 = performance.now();
  const out = path.join(scratch, 'report');
  try {
    await writeReport(await buildReportModel(await collectRuns([runDir]), { resamples: 200 }), out);
    reportLine = `report.html: ${(fileSize(path.join(out, 'report.html')) / 1e6).toFixed(2)} MB for ${keys.length.toLocaleString('en-US')} episodes (goal < 5 MB; collected, computed and written in ${seconds(t0).toFixed(0)} s)`;
  } catch (err) {
    // The measurements above stand on their own; say why the report's size is missing.
    reportLine = `report.html: not written (${err.message})`;
  }
}

const ratio = (a, b) => (a / b).toFixed(3);
log('');
log('| measure | arena view (SQLite, indexed) | peer (JSON Lines read whole) | ratio | goal |');
log('| --- | --- | --- | --- | --- |');
log(`| first page (server start, cold) | ${firstPageSec.toFixed(3)} s | ${peerFirstSec.toFixed(2)} s | ${ratio(firstPageSec, peerFirstSec)} | ≤ 1 s |`);
log(`| filter (agent, score ≥, sorted by score) | ${(filter.sec * 1000).toFixed(1)} ms | ${(peerFilterSec * 1000).toFixed(1)} ms (after the load) | ${ratio(filter.sec, peerFilterSec)} | ≤ 300 ms |`);
log(`| text search in code | ${(search.sec * 1000).toFixed(1)} ms | ${(peerSearchSec * 1000).toFixed(1)} ms (after the load) | ${ratio(search.sec, peerSearchSec)} | |`);
log(`| page 1500 | ${(deep.sec * 1000).toFixed(1)} ms | | | |`);
log(`| open an episode | ${(episode.sec * 1000).toFixed(1)} ms | ${(peerEpisodeSec * 1000).toFixed(1)} ms | ${ratio(episode.sec, peerEpisodeSec)} | ≤ 200 ms |`);
log(`| bytes per episode | ${(storeBytes / keys.length).toFixed(0)} (run.sqlite, everything) | ${(jsonlBytes / keys.length).toFixed(0)} (transcript.jsonl) | ${ratio(storeBytes, jsonlBytes)} | |`);
log(`| page size | ${(firstPage.length / 1024).toFixed(1)} KiB | | | |`);
log('');
log(reportLine);
rmSync(scratch, { recursive: true, force: true });
