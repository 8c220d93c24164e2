import type { Command } from 'commander';
import { linearVsPcaDemo } from '../../applications/pca-demo.js';
import { addEngineOptions, parseInteger, type EngineOptions } from '../options.js';
import { startEngine } from '../context.js';

export function registerPcaDemoCommand(program: Command): void {
  addEngineOptions(
    program
      .command('pca-demo')
      .description('seed 002 demo: a 3-D point cloud projected to 2-D by a linear autoencoder and by PCA, side by side (PNG)')
      .requiredOption('--out <file>', 'PNG file to write')
      .option('--seed <n>', 'random seed for the data and the weights', parseInteger('--seed'), 42),
  )
    .addHelpText('after', '\nExamples:\n  aekit pca-demo --out pca-vs-ae.png\n  aekit pca-demo --out demo.png --seed 7\n')
    .action(async (opts: EngineOptions & { out: string; seed: number }) => {
      await startEngine(opts);
      const result = await linearVsPcaDemo(opts.out, { seed: opts.seed });
      process.stdout.write(`wrote ${opts.out}: reconstruction MSE linear autoencoder ${result.aeMse.toFixed(5)}, PCA ${result.pcaMse.toFixed(5)}\n`);
    });
}
