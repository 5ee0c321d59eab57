import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { getMetric, metricDescription } from '../grading/metrics/catalog.js';
import type { Task } from '../task/loader.js';
import type { InfoTopic } from './types.js';

/** The first `n` lines of a file, read without loading it whole. */
async function headLines(file: string, n: number): Promise<string[]> {
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    lines.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
    if (lines.length >= n) break;
  }
  rl.close();
  return lines;
}

async function describeDataDir(publicDir: string): Promise<string> {
  const out: string[] = ['Files under /data (read-only):'];
  for (const entry of (await readdir(publicDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(publicDir, entry.name);
    if (entry.isDirectory()) {
      const count = (await readdir(full)).length;
      out.push(`  ${entry.name}/  (${count} files)`);
    } else {
      out.push(`  ${entry.name}  (${(await stat(full)).size} bytes)`);
    }
  }
  for (const file of ['train.csv', 'test.csv']) {
    const full = path.join(publicDir, file);
    if (!existsSync(full)) continue;
    const lines = await headLines(full, 4);
    out.push('', `${file}: columns ${lines[0] ?? ''}`, 'first rows:', ...lines.slice(1).map((l) => `  ${l}`));
  }
  return out.join('\n');
}

function describeMetric(task: Task): string {
  const { manifest } = task;
  const metric = getMetric(manifest.metric.name);
  const cols = manifest.submission.columns.map((c) => `${c.name} (${c.type})`).join(', ');
  return [
    `Metric: ${manifest.metric.name}${metric ? ` — ${metricDescription(metric, manifest.metric.params)}` : ' (the task\'s own metric)'}`,
    `${manifest.metric.higherIsBetter ? 'Higher' : 'Lower'} is better.`,
    Object.keys(manifest.metric.params).length ? `Parameters: ${JSON.stringify(manifest.metric.params)}` : '',
    `Submission columns: ${cols}`,
    manifest.classes ? `Classes: ${manifest.classes.join(', ')}` : '',
    'You see the score on the public-leaderboard rows of the test set; the final ranking uses the private rows.',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The answer to a request_info action: public facts only, never anything from data/private. */
export async function taskInfo(task: Task, topic: InfoTopic, budget: { stepsLeft: number; timeLeftSec: number }): Promise<string> {
  const { manifest, paths } = task;
  switch (topic) {
    case 'overview':
      return (await readFile(paths.description, 'utf8')).trim();
    case 'data_structure':
      return describeDataDir(paths.publicDir);
    case 'sample_submission': {
      const lines = await headLines(paths.sampleSubmission, 6);
      return [`sample_submission.csv (one row per test id, ${manifest.split.rows.test} rows):`, ...lines].join('\n');
    }
    case 'metric':
      return describeMetric(task);
    case 'limits':
      return [
        `Steps left: ${budget.stepsLeft} (of ${manifest.limits.maxSteps}); time left: ${Math.floor(budget.timeLeftSec)} s`,
        `Each code execution: at most ${manifest.limits.stepTimeoutSec} s, ${manifest.limits.memoryMb} MiB of memory, ${manifest.limits.cpus} CPU cores, ${manifest.limits.diskMb} MiB of disk in the working directory`,
        'No network. Python: /usr/bin/python3 with numpy, pandas, scipy, scikit-learn, xgboost, statsmodels, PIL.',
      ].join('\n');
  }
}
