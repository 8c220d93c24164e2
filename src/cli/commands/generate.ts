import type { Command } from 'commander';
import { interpolate, latentManifold, samplePrior } from '../../applications/generation.js';
import { imageShapeOf } from '../../evaluation/image-quality.js';
import { datasetSamples, sampleSize } from '../../data/samples.js';
import { imageGrid, writePng } from '../../viz/index.js';
import { addDataOptions, addEngineOptions, parseInteger, type DataOptions, type EngineOptions } from '../options.js';
import { loadModelArg, startEngine } from '../context.js';
import { loadSplit } from '../../data/splits.js';
import { UsageError } from '../errors.js';

interface GenerateOptions extends DataOptions, EngineOptions {
  model: string;
  out: string;
  count: number;
  manifold?: boolean;
  grid: number;
  interpolate?: boolean;
  steps: number;
  seed: number;
}

export function registerGenerateCommand(program: Command): void {
  const command = program
    .command('generate')
    .description('decode samples of the prior N(0, I) into an image grid; or the 2-D latent manifold; or an interpolation between two test images')
    .requiredOption('--model <dir>', 'saved model folder or run folder (a VAE for meaningful samples)')
    .requiredOption('--out <file>', 'PNG file to write')
    .option('--count <n>', 'prior samples', parseInteger('--count', 1, 10000), 100)
    .option('--manifold', 'decode an n x n grid over the normal quantiles of a 2-D latent space (Keras VAE example)')
    .option('--grid <n>', 'manifold grid size', parseInteger('--grid', 2, 100), 20)
    .option('--interpolate', 'decode the straight line between the codes of two test images')
    .option('--steps <n>', 'interpolation steps', parseInteger('--steps', 2, 100), 10)
    .option('--seed <n>', 'seed for prior samples; for --interpolate, index of the first test image (the second is the next)', parseInteger('--seed'), 0);
  addEngineOptions(addDataOptions(command))
    .addHelpText('after', '\nExamples:\n  aekit generate --model runs/vae --out samples.png --count 64\n  aekit generate --model runs/vae --out manifold.png --manifold --grid 15\n  aekit generate --model runs/vae --out path.png --interpolate --steps 12 --seed 3\n')
    .action(async (opts: GenerateOptions) => {
      if (opts.manifold && opts.interpolate) throw new UsageError('options --manifold and --interpolate: choose one');
      await startEngine(opts);
      const { autoencoder } = await loadModelArg(opts.model);
      const shape = imageShapeOf(autoencoder.inputShape);
      let images: Float32Array;
      let columns: number;
      if (opts.manifold) {
        images = latentManifold(autoencoder, opts.grid);
        columns = opts.grid;
      } else if (opts.interpolate) {
        const test = datasetSamples(await loadSplit(opts, 'test'), autoencoder.inputShape);
        if (opts.seed + 1 >= test.count) throw new UsageError(`option --seed: needs test images ${opts.seed} and ${opts.seed + 1}, the test split has ${test.count}`);
        const size = sampleSize(test.sampleShape);
        const at = (i: number) => test.data.slice(i * size, (i + 1) * size);
        images = interpolate(autoencoder, at(opts.seed), at(opts.seed + 1), opts.steps);
        columns = opts.steps;
      } else {
        images = samplePrior(autoencoder, opts.count, opts.seed);
        columns = Math.ceil(Math.sqrt(opts.count));
      }
      await writePng(opts.out, imageGrid(images, shape, { columns }));
      process.stdout.write(`wrote ${opts.out}\n`);
    });
}
