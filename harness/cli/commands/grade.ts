import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { EXIT, printJson } from '../output.js';

interface GradeArgs {
  task: string;
  submission: string;
  json: boolean;
}

export const gradeCommand: CommandModule<object, GradeArgs> = {
  command: 'grade',
  describe: 'Validate and score a submission CSV against a prepared task (public and private leaderboard rows)',
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
    else if (report.valid) {
      const pub = report.publicScore === null ? 'n/a' : report.publicScore.toPrecision(6);
      process.stdout.write(`${report.task}: ${report.metric} = ${report.score!.toPrecision(6)} (private, ${report.rows.private} rows); public ${pub} (${report.rows.public} rows); ${report.higherIsBetter ? 'higher' : 'lower'} is better\n`);
    } else {
      process.stdout.write(`${report.task}: invalid submission ${report.submission}\n`);
      for (const e of report.errors) process.stdout.write(`  [${e.code}] ${e.message}\n`);
    }
    process.exitCode = report.valid ? EXIT.ok : EXIT.failed;
  },
};
