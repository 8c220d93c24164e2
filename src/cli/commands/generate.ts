import type { Command } from 'commander';
import { interpolationFigure, manifoldFigure, priorSamplesFigure } from '../../applications/generation-figures.js';
import { datasetSamples, sampleSize } from '../../data/samples.js';
import { writeFigure, type Figure } from '../../viz/index.js';
import { addDataOptions, addEngineOptions, addJsonOption, addModelOption, addOutOption, addSeedOption, parseInteger, type DataOptions, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { loadModelArg, startEngine } from '../context.js';
import { loadSplit } from '../../data/splits.js';
import { UsageError } from '../errors.js';

interface GenerateOptions extends DataOptions, EngineOptions, JsonOption {
  model: string;
  out: string;
  count: number;
  manifold?: boolean;
  grid: number;
  interpolate?: boolean;
  steps: number;
  first: number;
  seed: number;
}

export function registerGenerateCommand(program: Command): void {
  const command = program
    .command('generate')
    .description('decode samples of the prior N(0, I) into an image grid; or the 2-D latent manifold; or an interpolation between two test images')
    .option('--count <n>', 'prior samples', parseInteger('--count', 1, 10000), 100)
    .option('--manifold', 'decode an n x n grid over the normal quantiles of a 2-D latent space (Keras VAE example)')
    .option('--grid <n>', 'manifold grid size', parseInteger('--grid', 2, 100), 20)
    .option('--interpolate', 'decode the straight line between the codes of two test images')
    .option('--steps <n>', 'interpolation steps', parseInteger('--steps', 2, 100), 10)
    .option('--first <i>', 'for --interpolate: index of the first test image (the line runs to the next one)', parseInteger('--first'), 0);
  addModelOption(command);
  addOutOption(command, 'the image grid (.png, or .svg)', { required: true });
  addSeedOption(command, 'the prior samples', 0);
  addJsonOption(addEngineOptions(addDataOptions(command)))
    .addHelpText('after', '\nExamples:\n  aekit generate --model runs/vae --out samples.png --count 64\n  aekit generate --model runs/vae --out manifold.png --manifold --grid 15\n  aekit generate --model runs/vae --out path.png --interpolate --steps 12 --first 3\n')
    .action(async (opts: GenerateOptions) => {
      if (opts.manifold && opts.interpolate) throw new UsageError('options --manifold and --interpolate: choose one');
      const output = commandOutput(opts);
      await startEngine(opts);
      const { autoencoder } = await loadModelArg(opts.model);
      let figure: Figure;
      let images: number;
      if (opts.manifold) {
        figure = manifoldFigure(autoencoder, opts.grid, opts.grid <= 15 ? 2 : 1);
        images = opts.grid * opts.grid;
      } else if (opts.interpolate) {
        const test = datasetSamples(await loadSplit(opts, 'test'), autoencoder.inputShape);
        if (opts.first + 1 >= test.count) throw new UsageError(`option --first: needs test images ${opts.first} and ${opts.first + 1}, the test split has ${test.count}`);
        const size = sampleSize(test.sampleShape);
        const at = (i: number) => ({ image: test.data.slice(i * size, (i + 1) * size), name: `test image ${i}` });
        figure = interpolationFigure(autoencoder, at(opts.first), at(opts.first + 1), opts.steps);
        images = opts.steps;
      } else {
        figure = priorSamplesFigure(autoencoder, opts.count, opts.seed);
        images = opts.count;
      }
      await writeFigure(opts.out, figure);
      const mode = opts.manifold ? 'manifold' : opts.interpolate ? 'interpolation' : 'prior samples';
      output.result({ model: autoencoder.name, mode, images, out: opts.out }, `wrote ${opts.out}`);
    });
}
