import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { GradeReport } from '../../grading/grade.js';
import { EXIT, printJson } from '../output.js';
import type { CommandBody } from '../command-registry.js';

interface GradeArgs {
  task: string;
  submission: string;
  json: boolean;
}

const number = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toPrecision(6));

/** The lines an imported task adds: the peer's number on every test row, and its medal and standing on the peer's leaderboard. */
function peerLines(report: GradeReport): string[] {
  if (report.fullScore === undefined) return [];
  const by = report.gradedBy === 'catalog' ? 'the catalog metric, proven equal to the peer\'s code at import' : "the peer's code";
  const lines = [`  full test set, as the peer reports it: ${report.fullScore} (computed by ${by})`];
  const s = report.standing;
  if (!s) return [...lines, '  medal: none to award (no human leaderboard with scores)'];
  const cmp = report.higherIsBetter ? '>=' : '<=';
  const t = s.thresholds;
  lines.push(`  medal: ${s.medal ?? 'none'}${s.aboveMedian ? ', above the median' : ', not above the median'} (gold ${cmp} ${t.gold}, silver ${cmp} ${t.silver}, bronze ${cmp} ${t.bronze}, median ${t.median})`);
  lines.push(`  standing: position ${s.position} of ${s.teams} teams, HumanRank ${s.humanRank.toPrecision(4)}`);
  return lines;
}

/** `arena grade`'s text report: the scores of both boards, the direction, and for an imported task the peer's number and medal. */
export function formatGradeReport(report: GradeReport): string {
  if (!report.valid) return [`${report.task}: invalid submission ${report.submission}`, ...report.errors.map((e) => `  [${e.code}] ${e.message}`)].join('\n') + '\n';
  const head = `${report.task}: ${report.metric} = ${number(report.score)} (private, ${report.rows.private} rows); public ${number(report.publicScore)} (${report.rows.public} rows); ${report.higherIsBetter ? 'higher' : 'lower'} is better`;
  return [head, ...peerLines(report)].join('\n') + '\n';
}

export const gradeCommand: CommandBody<GradeArgs> = {
  builder: (y: Argv) =>
    y
      .option('task', { type: 'string', demandOption: true, describe: 'task directory (prepared)' })
      .option('submission', { type: 'string', demandOption: true, describe: 'submission CSV file' })
      .option('json', { type: 'boolean', default: false, describe: 'print the grade report as JSON' })
      .example('$0 grade --task tasks/human-v1/iris-species --submission submission.csv --json', '') as Argv<GradeArgs>,
  handler: async (args: ArgumentsCamelCase<GradeArgs>) => {
    const [{ loadTask }, { gradeSubmission }] = await Promise.all([import('../../task/loader.js'), import('../../grading/grade.js')]);
    const task = await loadTask(args.task);
    const report = await gradeSubmission(task, args.submission);
    if (args.json) printJson(report);
    else process.stdout.write(formatGradeReport(report));
    process.exitCode = report.valid ? EXIT.ok : EXIT.failed;
  },
};
