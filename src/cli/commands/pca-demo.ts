import type { Command } from 'commander';
import { linearVsPcaDemo } from '../../applications/pca-demo.js';
import { addEngineOptions, addJsonOption, addOutOption, addSeedOption, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { startEngine } from '../context.js';

export function registerPcaDemoCommand(program: Command): void {
  const command = program
    .command('pca-demo')
    .description('seed 002 demo: a 3-D point cloud projected to 2-D by a linear autoencoder and by PCA, side by side');
  addOutOption(command, 'the figure (.png, or .svg)', { required: true });
  addSeedOption(command, 'the data and the weights', 42);
  addJsonOption(addEngineOptions(command))
    .addHelpText('after', '\nExamples:\n  aekit pca-demo --out pca-vs-ae.png\n  aekit pca-demo --out demo.png --seed 7\n')
    .action(async (opts: EngineOptions & JsonOption & { out: string; seed: number }) => {
      const output = commandOutput(opts);
      await startEngine(opts);
      const result = await linearVsPcaDemo(opts.out, { seed: opts.seed });
      output.result({ out: opts.out, ...result }, `wrote ${opts.out}: reconstruction MSE linear autoencoder ${result.aeMse.toFixed(5)}, PCA ${result.pcaMse.toFixed(5)}`);
    });
}
