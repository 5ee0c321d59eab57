// Public API of the statistics module (see DESIGN.md, "Scores and statistics"). Pure functions
// over EpisodeOutcome records; no I/O.

export type { Anchors, EpisodeOutcome, EpisodeStep, Interval, PairOutcome, PairScore, TaskCategory, Tolerance } from './types.js';
export { DEFAULT_TOLERANCE } from './types.js';
export { mulberry32, subSeed, type Rng } from './rng.js';
export { DEFAULT_LEVEL, DEFAULT_RESAMPLES, percentileInterval, quantileSorted, resampleCounts, resampleIndices, type BootstrapOptions } from './bootstrap.js';
export {
  anchorProblem,
  anchorScore,
  humanRankScore,
  minMaxScore,
  taskNormalizer,
  type FallbackReason,
  type NormalizationMethod,
  type TaskNormalizer,
  type TaskScores,
} from './normalize.js';
export { effectiveScore, groupByTask, taskKey, taskResults, type AgentTaskResult, type TaskResult, type TaskResultsOptions } from './task-results.js';
export { agentsOf, compareAgents, isTie, pairwiseOutcomes, winLossMatrix, type WinLossMatrix } from './win-loss.js';
export { DEFAULT_VIRTUAL_TIES, fitWinTotals, type BradleyTerryOptions } from './bradley-terry-newton.js';
export { taskTotals, weightedTotals, winTotals, type TaskTotals } from './task-totals.js';
export { bradleyTerryRatings, ELO_CENTER, ELO_SCALE, fitBradleyTerry, toElo, type BradleyTerryFit, type BradleyTerryRatings } from './bradley-terry.js';
export { kendallExactP, kendallTauB, type KendallResult, type TestResult } from './kendall.js';
export { averageRanks, correlate, pairByModel, pearson, spearman, type CorrelationEstimate, type CorrelationReport } from './correlation.js';
export { linConcordance } from './concordance.js';
export {
  bestFirstRanks,
  COEFFICIENTS,
  suiteCorrelation,
  type Coefficient,
  type CoefficientName,
  type SuiteCorrelation,
  type SuiteCorrelationOptions,
  type SuiteSide,
} from './suite-correlation.js';
export { tasksNeeded, type CurvePoint, type TasksNeeded, type TasksNeededOptions } from './tasks-needed.js';
export { MLE_SMITH_QUOTED, paperCorrelations, type PaperCorrelation } from './paper.js';
export { bestSoFar, categoryLabel, INFO_ACTION, stepCurves, type CurveGrouping, type StepCurve, type StepCurves } from './curves.js';
export { holm, type HolmResult } from './multiple-testing.js';
export { exactSignFlip, monteCarloSignFlip, pairedComparisons, pairedDifference, type PairedComparison, type PairedDifference, type PairedOptions } from './paired.js';
export { taskDiscrimination, type TaskDiscrimination } from './discrimination.js';
export { leaderboard, type AgentSummary } from './leaderboard.js';
