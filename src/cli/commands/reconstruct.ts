import type { Command } from 'commander';
import { comparisonGrid, writeFigure } from '../../viz/index.js';
import { modelSamples } from '../../models/input-scaling.js';
import { reconstructPreview } from '../../training/reconstruction-preview.js';
import { addDataOptions, addEngineOptions, addJsonOption, addModelOption, addOutOption, parseInteger, type DataOptions, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput, type CommandOutput } from '../output.js';
import { loadModelArg, startEngine, withRunDataDefaults } from '../context.js';
import { loadSplit } from '../../data/splits.js';
import { isBuiltinDatasetName } from '../../data/builtin-catalog.js';
import { datasetBatches } from '../../data/dataset-batches.js';
import { streamReconstruct } from '../../applications/streaming.js';
import type { Autoencoder } from '../../models/autoencoder.js';
import { UsageError } from '../errors.js';
import { scaledForModel, STREAM_BATCH_SIZE, streamSplit } from '../stream-split.js';

/** Images a PNG grid shows at most; a .npy takes any count. */
const GRID_MAX = 100;

interface ReconstructFlags extends DataOptions, EngineOptions, JsonOption {
  model: string;
  out: string;
  count: number;
  split: 'train' | 'test';
}

export function registerReconstructCommand(program: Command): void {
  const command = program
    .command('reconstruct')
    .description('write a PNG grid of dataset images above their reconstructions, or the reconstructions themselves as a .npy array')
    .option('--count <n>', `images to reconstruct (a PNG shows at most ${GRID_MAX})`, parseInteger('--count', 1), 10)
    .option('--split <split>', "'train' or 'test'", 'test');
  addModelOption(command);
  addOutOption(command, 'a PNG (or SVG) grid, or a float32 .npy of shape [count, height, width, channels]', { default: 'reconstructions.png' });
  addDataOptions(command);
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText(
    'after',
    '\nA .npy is written batch by batch as the reconstructions come (builtin datasets are read batch by batch too), so\n' +
      'any --count fits in memory; values are the model\'s outputs in the images\' own shape.\n' +
      '\nExamples:\n  aekit reconstruct --model runs/my-run --out recon.png\n  aekit reconstruct --model runs/my-run/last --dataset fashion-mnist --count 20\n' +
      '  aekit reconstruct --model runs/my-run --count 10000 --out recon.npy\n',
  );
  command.action(async (given: ReconstructFlags) => {
    const { flags } = await withRunDataDefaults(command, given);
    if (flags.split !== 'train' && flags.split !== 'test') throw new UsageError(`option --split: expected 'train' or 'test', got '${flags.split}'`);
    const output = commandOutput(flags);
    const toArray = flags.out.toLowerCase().endsWith('.npy');
    if (!toArray && flags.count > GRID_MAX) throw new UsageError(`option --count: a PNG grid shows at most ${GRID_MAX} images, got ${flags.count} (write a .npy for more)`);
    await startEngine(flags);
    const { autoencoder } = await loadModelArg(flags.model);
    if (toArray) {
      await reconstructToArray(autoencoder, flags, output);
      return;
    }
    const dataset = await loadSplit({ ...flags, limit: Math.min(flags.limit ?? flags.count, flags.count) }, flags.split === 'train' ? 'train' : 'test');
    const samples = modelSamples(autoencoder, dataset);
    const { originals, reconstructions } = reconstructPreview(autoencoder, samples, flags.count);
    const grid = comparisonGrid(
      [
        { label: 'original', images: originals },
        { label: 'reconstruction', images: reconstructions },
      ],
      dataset.shape,
      { title: `${autoencoder.name} on ${dataset.name} (${flags.split})` },
    );
    await writeFigure(flags.out, grid);
    output.result({ model: autoencoder.name, dataset: dataset.name, split: flags.split, count: samples.count, out: flags.out }, `wrote ${flags.out}`);
  });
}

/** Every reconstruction into a .npy, streamed: builtin splits from their IDX files, user data from memory. */
async function reconstructToArray(autoencoder: Autoencoder, flags: ReconstructFlags, output: CommandOutput): Promise<void> {
  const split = flags.split === 'train' ? 'train' : 'test';
  const limit = Math.min(flags.limit ?? flags.count, flags.count);
  const source = isBuiltinDatasetName(flags.dataset)
    ? streamSplit(autoencoder, flags, split, limit)
    : scaledForModel(autoencoder, datasetBatches(await loadSplit({ ...flags, limit }, split), STREAM_BATCH_SIZE, limit));
  const written = await streamReconstruct(autoencoder, source, flags.out);
  output.result(
    { model: autoencoder.name, dataset: flags.dataset, split, count: written.shape[0], shape: written.shape, out: written.file },
    `wrote ${written.file}: ${written.shape[0]} reconstructions, array shape [${written.shape.join(', ')}]`,
  );
}
