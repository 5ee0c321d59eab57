/**
 * Maps a foreign metric script onto the catalog by the scikit-learn/scipy function it calls (each
 * catalog metric's `sklearn` names, with the evidence that picks a variant such as average='macro').
 * Only an unambiguous script maps. Imported tasks are graded by the peer's own code; the mapping
 * names the catalog metric it computes, and gives the direction where the peer's files do not.
 */
import { METRICS } from '../../grading/metrics/catalog.js';

const RULES = [...METRICS.values()].flatMap((d) =>
  d.sklearn.map((s) => ({ metric: d.name, call: new RegExp(`\\b${s.function}\\s*\\(`), when: s.when })),
);

/** The single catalog metric a script computes, or null when none or several match. */
export function mapMetricScript(source: string): string | null {
  // Imports name functions without calling them; only calls count.
  const code = source.replace(/^\s*(from\s+\S+\s+)?import\s+[^\n]*$/gm, '');
  const found = new Set(RULES.filter((r) => r.call.test(code) && (!r.when || r.when.test(code))).map((r) => r.metric));
  return found.size === 1 ? [...found][0]! : null;
}
