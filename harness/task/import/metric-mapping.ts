/**
 * Maps a foreign metric script onto the catalog by the scikit-learn/scipy function it calls.
 * Only an unambiguous script maps; anything else keeps the script as a custom metric.
 */
interface Rule {
  metric: string;
  pattern: RegExp;
  /** Extra evidence that picks a variant (e.g. average='macro'). */
  when?: RegExp;
}

const RULES: Rule[] = [
  { metric: 'balanced_accuracy', pattern: /\bbalanced_accuracy_score\b/ },
  { metric: 'accuracy', pattern: /(?<!balanced_)\baccuracy_score\b/ },
  { metric: 'f1_macro', pattern: /\bf1_score\b/, when: /average\s*=\s*["']macro["']/ },
  { metric: 'f1_micro', pattern: /\bf1_score\b/, when: /average\s*=\s*["']micro["']/ },
  { metric: 'f1_weighted', pattern: /\bf1_score\b/, when: /average\s*=\s*["']weighted["']/ },
  { metric: 'f1', pattern: /\bf1_score\b/, when: /^(?![\s\S]*average\s*=)/ },
  { metric: 'roc_auc', pattern: /\broc_auc_score\b/ },
  { metric: 'log_loss', pattern: /\blog_loss\b/ },
  { metric: 'average_precision', pattern: /\baverage_precision_score\b/ },
  { metric: 'mcc', pattern: /\bmatthews_corrcoef\b/ },
  { metric: 'quadratic_weighted_kappa', pattern: /\bcohen_kappa_score\b/, when: /quadratic/ },
  { metric: 'cohen_kappa', pattern: /\bcohen_kappa_score\b/, when: /^(?![\s\S]*quadratic)/ },
  { metric: 'rmsle', pattern: /\bmean_squared_log_error\b/, when: /sqrt|squared\s*=\s*False/ },
  { metric: 'rmse', pattern: /\b(root_mean_squared_error)\b/ },
  { metric: 'rmse', pattern: /(?<!_log)\bmean_squared_error\b/, when: /sqrt|squared\s*=\s*False/ },
  { metric: 'mse', pattern: /(?<!_log)\bmean_squared_error\b/, when: /^(?![\s\S]*(sqrt|squared\s*=\s*False))/ },
  { metric: 'mae', pattern: /\bmean_absolute_error\b/ },
  { metric: 'r2', pattern: /\br2_score\b/ },
  { metric: 'mape', pattern: /\bmean_absolute_percentage_error\b/ },
  { metric: 'median_ae', pattern: /\bmedian_absolute_error\b/ },
  { metric: 'spearman', pattern: /\bspearmanr\b/ },
];

/** The single catalog metric a script computes, or null when none or several match. */
export function mapMetricScript(source: string): string | null {
  // Imports name functions without calling them; only calls count.
  const code = source.replace(/^\s*(from\s+\S+\s+)?import\s+[^\n]*$/gm, '');
  const found = new Set(
    RULES.filter((r) => new RegExp(`${r.pattern.source}\\s*\\(`).test(code) && (!r.when || r.when.test(code))).map((r) => r.metric),
  );
  return found.size === 1 ? [...found][0]! : null;
}
