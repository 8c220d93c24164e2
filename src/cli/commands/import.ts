import { Option, type Command } from 'commander';
import * as path from 'node:path';
import { importKerasRun } from '../../training/import-run.js';
import { addDatasetOptions, addEngineOptions, addJsonOption, addLimitOption, addOutOption, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { startEngine } from '../context.js';

interface ImportFlags extends EngineOptions, JsonOption {
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
    .addOption(new Option('--loss <name>', "reconstruction loss (default: the file's compiled loss, else mse)").choices(['mse', 'bce']))
    .option('--code-layer <name>', 'the layer whose output is the code (default: a layer named code, z_mean, latent, bottleneck, encoded or embedding, else the end of the encoder: the smallest layer before the first upsampling / transposed convolution, through the activations and normalisations after it)');
  addOutOption(command, 'the run folder to create', { required: true });
  addDatasetOptions(command);
  addLimitOption(command);
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText(
    'after',
    '\nLayers: InputLayer, Dense, Conv2D, Conv2DTranspose, MaxPooling2D, UpSampling2D, BatchNormalization, LeakyReLU,\n' +
      'ZeroPadding2D, Cropping2D, Flatten, Reshape, Concatenate, Activation, Dropout; Sequential or functional (nested models too), one input\n' +
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
    commandOutput(flags).result(
      {
        file,
        format: result.format,
        layers: autoencoder.model.layers.length,
        parameters: result.parameters,
        inputShape: autoencoder.inputShape,
        codeLayer: result.codeLayer,
        codeShape: autoencoder.codeShape,
        loss: autoencoder.spec.loss,
        out: flags.out,
      },
      `imported ${file} (${result.format === 'keras3' ? 'Keras 3' : 'Keras 2 HDF5'}): ${autoencoder.model.layers.length} layers, ${result.parameters.toLocaleString('en-US')} parameters\n` +
        `input [${autoencoder.inputShape.join(', ')}], code '${result.codeLayer}' [${autoencoder.codeShape.join(', ')}], loss ${autoencoder.spec.loss}\n` +
        `wrote run ${flags.out} (best/ and last/; fine-tune with: aekit train --resume ${flags.out} --epochs N)`,
    );
  });
}
