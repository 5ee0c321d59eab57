import { fmtP } from '../format.js';
import type { PairedComparison } from '../model.js';
import { CHART_WIDTH, ROW_HEIGHT, topLevel, type TopLevelSpec } from './theme.js';

/**
 * Forest plot of paired model-vs-model differences: mean difference of normalized scores on shared
 * tasks with its interval, a line at zero, and pairs that stay significant after Holm's correction
 * drawn dark, so the eye lands on the differences that survive multiple testing.
 */

export const ALPHA = 0.05;

export function pairLabel(p: PairedComparison): string {
  return `${p.a} − ${p.b}`;
}

/** The same comparison written as better − worse, so every difference reads as a lead (≥ 0). */
export function orientPair(p: PairedComparison): PairedComparison {
  if (p.meanDiff >= 0) return p;
  return { ...p, a: p.b, b: p.a, meanDiff: -p.meanDiff, lo: -p.hi, hi: -p.lo };
}

export function pairedChart(pairs: PairedComparison[], title: string): TopLevelSpec {
  const values = pairs
    .map(orientPair)
    .map((p) => ({
      pair: pairLabel(p),
      diff: p.meanDiff,
      lo: p.lo,
      hi: p.hi,
      pText: fmtP(p.p),
      pHolmText: fmtP(p.pHolm),
      n: p.n ?? null,
      verdict: p.pHolm < ALPHA ? `significant (Holm p < ${ALPHA})` : 'not significant',
    }))
    .sort((x, y) => y.diff - x.diff);
  const y = { field: 'pair', type: 'nominal', sort: values.map((v) => v.pair), title: null, axis: { labelLimit: 360 } };
  const colour = {
    field: 'verdict',
    type: 'nominal',
    title: null,
    scale: { domain: [`significant (Holm p < ${ALPHA})`, 'not significant'], range: ['#1f4e79', '#a6a6a6'] },
    legend: { orient: 'bottom', labelLimit: 400 },
  };
  const tooltip = [
    { field: 'pair', type: 'nominal', title: 'a − b' },
    { field: 'diff', type: 'quantitative', format: '.3f', title: 'mean difference' },
    { field: 'lo', type: 'quantitative', format: '.3f', title: '95% low' },
    { field: 'hi', type: 'quantitative', format: '.3f', title: '95% high' },
    { field: 'pText', type: 'nominal', title: 'p' },
    { field: 'pHolmText', type: 'nominal', title: 'p (Holm)' },
    { field: 'n', type: 'quantitative', title: 'shared tasks' },
  ];
  return topLevel({
    title: { text: title, subtitle: 'better − worse: mean difference of normalized scores on shared tasks, 95% bootstrap interval' },
    width: CHART_WIDTH,
    height: Math.max(60, ROW_HEIGHT * values.length),
    layer: [
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#444', strokeDash: [4, 3] },
        encoding: { x: { field: 'zero', type: 'quantitative' } },
      },
      {
        data: { values },
        encoding: { y },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: { x: { field: 'lo', type: 'quantitative', title: 'lead in normalized score', axis: { tickCount: 6 } }, x2: { field: 'hi' }, color: colour, tooltip },
          },
          { mark: { type: 'point', shape: 'diamond', filled: true, size: 80, opacity: 1 }, encoding: { x: { field: 'diff', type: 'quantitative' }, color: colour, tooltip } },
        ],
      },
    ],
  });
}
