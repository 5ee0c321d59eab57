import type { Argv, CommandModule } from 'yargs';
import { CliError, EXIT } from '../output.js';
import type { CommandBody } from '../command-registry.js';

interface RunArgs {
  shards: string;
  shard?: number;
}

const run: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: "Play one shard of a submission's episodes on this node (what each Slurm array task runs)",
  builder: (y) =>
    y
      .option('shards', { type: 'string', demandOption: true, describe: 'the shards file a coordinator wrote (<run>/slurm/round-N/shards.json)' })
      .option('shard', { type: 'number', describe: 'the shard to play (default: $SLURM_ARRAY_TASK_ID)' }) as Argv<RunArgs>,
  handler: async (args) => {
    const shard = args.shard ?? (process.env.SLURM_ARRAY_TASK_ID === undefined ? NaN : Number(process.env.SLURM_ARRAY_TASK_ID));
    if (!Number.isInteger(shard) || shard < 0) throw new CliError('--shard must be a non-negative integer (or run as a Slurm array task, which sets SLURM_ARRAY_TASK_ID)', EXIT.usage);
    const { runShard } = await import('../../executor/slurm/worker.js');
    const { episodes } = await runShard(args.shards, shard);
    process.stdout.write(`shard ${shard}: ${episodes} episodes played\n`);
  },
};

export const episodeCommand: CommandBody = {
  builder: (y) => y.command(run).demandCommand(1),
  handler: () => {},
};
