import { METRICS } from '../../grading/metrics/catalog.js';
import { mapMetricScript } from './metric-mapping.js';

const tokens = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

function containsRun(haystack: string[], needle: string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) if (needle.every((t, j) => haystack[i + j] === t)) return true;
  return false;
}

function single(found: Set<string>): string | null {
  return found.size === 1 ? [...found][0]! : null;
}

/**
 * The catalog metric a peer's grader computes, as far as its files say: the scikit-learn call in
 * its script; else a function it calls named like a catalog metric's title
 * (`mean_average_precision_at_k`); else the catalog name inside the grader's configured name
 * (`mean-column-wise-rmsle`, `multi-class-log-loss`). Null when none or several match.
 */
export function catalogMetricOf(graderText: string, graderName: string): { metric: string; evidence: string } | null {
  const bySklearn = mapMetricScript(graderText);
  if (bySklearn) return { metric: bySklearn, evidence: 'the scikit-learn call in the grader' };
  const called = new Set([...graderText.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].map((m) => tokens(m[1]!).join(' ')));
  const byTitle = single(new Set([...METRICS.values()].filter((d) => called.has(tokens(d.title).join(' '))).map((d) => d.name)));
  if (byTitle) return { metric: byTitle, evidence: 'the function the grader calls' };
  const nameTokens = tokens(graderName);
  const byName = single(new Set([...METRICS.keys()].filter((n) => containsRun(nameTokens, tokens(n)))));
  return byName ? { metric: byName, evidence: `the grader's name "${graderName}"` } : null;
}
