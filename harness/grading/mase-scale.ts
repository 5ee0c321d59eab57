/**
 * MASE's scale measured on a prepared task's training rows, for task.json `metric.params.scale`
 * (the grader itself never reads train.csv). The rows are taken in file order, which a temporal
 * split leaves in time order.
 */
import { scanCsvFile } from '../tabular/csv.js';
import { cutText, QUOTE_CHARS } from '../util/bounded-text.js';
import { naiveScale } from './metrics/mase.js';

export interface ScaleOptions {
  /** The season length m of the naive forecast y_{t−m} (default 1). */
  period?: number;
  /** A column naming the series of each row in a panel: naive errors never span two series. */
  seriesColumn?: string;
}

/** The in-sample mean absolute error of the naive forecast of `target` in a training CSV; errors name the file, row and column. */
export async function naiveScaleOfCsv(file: string, target: string, options: ScaleOptions = {}): Promise<number> {
  const series = new Map<string, number[]>();
  let targetAt = -1;
  let seriesAt = -1;
  await scanCsvFile(file, (fields, index, line) => {
    if (index === 0) {
      targetAt = fields.indexOf(target);
      seriesAt = options.seriesColumn === undefined ? -1 : fields.indexOf(options.seriesColumn);
      if (targetAt < 0) throw new Error(`${file}: no column "${target}"`);
      if (options.seriesColumn !== undefined && seriesAt < 0) throw new Error(`${file}: no series column "${options.seriesColumn}"`);
      return;
    }
    const raw = fields[targetAt] ?? '';
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) throw new Error(`${file}: line ${line}, column "${target}": ${JSON.stringify(cutText(raw, QUOTE_CHARS))} is not a finite number`);
    const key = seriesAt < 0 ? '' : (fields[seriesAt] ?? '');
    const values = series.get(key) ?? [];
    if (values.length === 0) series.set(key, values);
    values.push(value);
  });
  try {
    return naiveScale([...series.values()].map((v) => Float64Array.from(v)), options.period);
  } catch (err) {
    throw new Error(`${file}: column "${target}": ${(err as Error).message}`);
  }
}
