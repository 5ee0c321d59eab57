import { describe, expect, it } from 'vitest';
import { sampleTasks } from '../../harness/arena/task-sample.js';
import type { Task } from '../../harness/task/loader.js';
import { manifest } from '../helpers/fixture-task.js';

function task(id: string, modality: 'tabular' | 'text' | 'time-series', objective: 'binary' | 'regression' | 'forecasting'): Task {
  return { manifest: manifest({ id, modality, objective }), paths: {} as Task['paths'] };
}

const suite = [
  ...Array.from({ length: 20 }, (_, i) => task(`tab-bin-${i}`, 'tabular', 'binary')),
  ...Array.from({ length: 10 }, (_, i) => task(`tab-reg-${i}`, 'tabular', 'regression')),
  ...Array.from({ length: 3 }, (_, i) => task(`text-bin-${i}`, 'text', 'binary')),
  task('series-0', 'time-series', 'forecasting'),
];

describe('sampleTasks', () => {
  it('keeps every category when it can, and is the same sample every time', () => {
    const sample = sampleTasks(suite, 8);
    expect(sample).toHaveLength(8);
    const kinds = new Set(sample.map((t) => `${t.manifest.modality}/${t.manifest.objective}`));
    expect(kinds).toEqual(new Set(['tabular/binary', 'tabular/regression', 'text/binary', 'time-series/forecasting']));
    expect(sampleTasks([...suite].reverse(), 8).map((t) => t.manifest.id)).toEqual(sample.map((t) => t.manifest.id));
    expect(sampleTasks(suite, 8, 1).map((t) => t.manifest.id)).not.toEqual(sample.map((t) => t.manifest.id));
  });

  it('returns the whole suite when it is no larger than the sample', () => {
    expect(sampleTasks(suite, 100)).toHaveLength(suite.length);
  });
});
