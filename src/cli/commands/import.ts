import { Option, type Command } from 'commander';
import * as path from 'node:path';
import { importKerasRun } from '../../training/import-run.js';
import { addEngineOptions, parseInteger, type EngineOptions } from '../options.js';
import { startEngine } from '../context.js';

interface ImportFlags extends EngineOptions {
  out: string;
  dataset: string;
  dataDir?: string;
  limit?: number;
  loss?: 'mse' | 'bce';
  codeLayer?: string;
}

export function registerImportCommand(program: Command): void {
  const command = program
    .command('import <file>')
    .description('bring a Keras model in (Keras 3 .keras, or Keras 2 .h5) as an aekit run folder that evaluate, encode, detect, denoise, serve and train --resume accept')
    .requiredOption('--out <run-dir>', 'the run folder to create')
    .option('--dataset <name|path>', 'dataset the run evaluates and fine-tunes on', 'mnist')
    .option('--data-dir <dir>', 'folder with the IDX files (also: env AEKIT_DATA_DIR)')
    .option('--limit <n>', 'fine-tuning uses only the first N samples of each split', parseInteger('--limit', 1))
    .addOption(new Option('--loss <name>', "reconstruction loss (default: the file's compiled loss, else mse)").choices(['mse', 'bce']))
    .option('--code-layer <name>', 'the layer whose output is the code (default: a layer named code, z_mean, latent, bottleneck, encoded or embedding, else the first smallest)');
  addEngineOptions(command);
  command.addHelpText(
    'after',
    '\nLayers: InputLayer, Dense, Conv2D, Conv2DTranspose, MaxPooling2D, UpSampling2D, BatchNormalization, LeakyReLU,\n' +
      'ZeroPadding2D, Cropping2D, Flatten, Reshape, Concatenate, Activation, Dropout; Sequential or functional, one input\n' +
      'and one output (channels_last). Any other layer is an error naming it.\n' +
      '\nExamples:\n  aekit import model.keras --out runs/imported\n  aekit import legacy.h5 --out runs/legacy --loss bce\n' +
      '  aekit train --resume runs/imported --epochs 5        # fine-tune on the run\'s dataset\n',
  );
  command.action(async (file: string, flags: ImportFlags) => {
    await startEngine(flags);
    const result = await importKerasRun(file, path.resolve(flags.out), {
      dataset: flags.dataset,
      ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
      ...(flags.limit ? { limit: flags.limit } : {}),
      ...(flags.loss ? { loss: flags.loss } : {}),
      ...(flags.codeLayer ? { codeLayer: flags.codeLayer } : {}),
    });
    const { autoencoder } = result;
    process.stdout.write(
      `imported ${file} (${result.format === 'keras3' ? 'Keras 3' : 'Keras 2 HDF5'}): ${autoencoder.model.layers.length} layers, ${result.parameters.toLocaleString('en-US')} parameters\n` +
        `input [${autoencoder.inputShape.join(', ')}], code '${result.codeLayer}' [${autoencoder.codeShape.join(', ')}], loss ${autoencoder.spec.loss}\n` +
        `wrote run ${flags.out} (best/ and last/; fine-tune with: aekit train --resume ${flags.out} --epochs N)\n`,
    );
  });
}
