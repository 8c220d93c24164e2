import type { Command } from 'commander';
import { comparisonGrid, writePng } from '../../viz/index.js';
import { datasetSamples } from '../../data/samples.js';
import { reconstructPreview } from '../../training/reconstruction-preview.js';
import { addDataOptions, addEngineOptions, parseInteger, type DataOptions, type EngineOptions } from '../options.js';
import { loadModelArg, startEngine } from '../context.js';
import { loadSplit } from '../../data/splits.js';

interface ReconstructFlags extends DataOptions, EngineOptions {
  model: string;
  out: string;
  count: number;
  split: 'train' | 'test';
}

export function registerReconstructCommand(program: Command): void {
  const command = program
    .command('reconstruct')
    .description('write a PNG grid of dataset images above their reconstructions by a saved model')
    .requiredOption('--model <dir>', 'a saved model folder or a run folder (its best model)')
    .option('--out <file.png>', 'output PNG', 'reconstructions.png')
    .option('--count <n>', 'images to show', parseInteger('--count', 1, 100), 10)
    .option('--split <split>', "'train' or 'test'", 'test');
  addDataOptions(command);
  addEngineOptions(command);
  command.addHelpText('after', '\nExamples:\n  aekit reconstruct --model runs/my-run --out recon.png\n  aekit reconstruct --model runs/my-run/last --dataset fashion-mnist --count 20\n');
  command.action(async (flags: ReconstructFlags) => {
    await startEngine(flags);
    const { autoencoder } = await loadModelArg(flags.model);
    const dataset = await loadSplit({ ...flags, limit: Math.min(flags.limit ?? flags.count, flags.count) }, flags.split === 'train' ? 'train' : 'test');
    const samples = datasetSamples(dataset, autoencoder.inputShape);
    const { originals, reconstructions } = reconstructPreview(autoencoder, samples, flags.count);
    const grid = comparisonGrid(
      [
        { label: 'original', images: originals },
        { label: 'reconstruction', images: reconstructions },
      ],
      dataset.shape,
      { title: `${autoencoder.name} on ${dataset.name} (${flags.split})` },
    );
    await writePng(flags.out, grid);
    process.stdout.write(`wrote ${flags.out}\n`);
  });
}
