/**
 * keras-io examples/generative/vae.py: the convolutional VAE with a 2-D latent space, trained 30
 * epochs (batch 128, Adam) on all 70,000 MNIST digits (train + test, as the example does); the
 * published loss (reconstruction BCE summed over pixels + KL) is about 146.95 per image.
 */
import { initBackend, type BackendName } from '../src/backend/select.js';
import { loadDataset } from '../src/data/index.js';
import { buildModel } from '../src/models/registry.js';
import { fit } from '../src/training/trainer.js';
import { datasetSamples } from '../src/data/samples.js';
import { writeFigure } from '../src/viz/index.js';
import { manifoldFigure } from '../src/applications/generation-figures.js';
import * as path from 'node:path';
import { commandLine, parseFlags } from './lib/args.js';
import { RESULTS_DIR, writeResults } from './lib/results.js';

const flags = parseFlags(
  process.argv.slice(2),
  { epochs: 30, limit: 70000, 'batch-size': 128, backend: 'auto', seed: 1 },
  'Keras VAE (conv, 2-D latent) on MNIST: loss per image after 30 epochs (published about 146.95).',
);

const started = Date.now();
await initBackend({ backend: flags.backend as BackendName });
const train = await loadDataset('mnist', 'train');
const test = await loadDataset('mnist', 'test');
// mnist_digits = concatenate([x_train, x_test]) in the example.
const all = new Float32Array(train.images.length + test.images.length);
all.set(train.images);
all.set(test.images, train.images.length);
const count = Math.min(Number(flags.limit), train.count + test.count);
const digits = datasetSamples({ name: 'mnist train+test', images: all.subarray(0, count * 784), count, shape: [28, 28, 1] }, [28, 28, 1]);
const model = buildModel('conv-vae', { seed: Number(flags.seed) });
const history = await fit(model, digits, {
  epochs: Number(flags.epochs),
  batchSize: Number(flags['batch-size']),
  seed: Number(flags.seed),
  callbacks: [{ name: 'print', onEpochEnd: (epoch, logs) => void process.stdout.write(`epoch ${epoch + 1} loss ${logs['loss']?.toFixed(2)} reconstruction ${logs['reconstruction']?.toFixed(2)} kl ${logs['kl']?.toFixed(2)}\n`) }],
});
const manifoldFile = path.join(RESULTS_DIR, 'keras-vae-manifold.png');
await writeFigure(manifoldFile, manifoldFigure(model, 20));
const last = (name: string) => history.metrics[name]!.at(-1)!;
const seconds = (Date.now() - started) / 1000;
const file = await writeResults(
  'keras-vae',
  'Keras VAE (keras-io examples/generative/vae.py): conv encoder/decoder, 2-D latent',
  commandLine('keras-vae', flags),
  [
    { measure: `training loss per image after ${flags.epochs} epochs (reconstruction + KL)`, ours: last('loss').toFixed(2), published: '~146.95 (30 epochs)', note: `${digits.count} images` },
    { measure: 'reconstruction (BCE summed over pixels)', ours: last('reconstruction').toFixed(2), published: '', note: '' },
    { measure: 'KL', ours: last('kl').toFixed(2), published: '', note: '' },
  ],
  [`Model 'conv-vae' (conv 32/64 stride 2, dense 16, 2-D latent), Adam lr 1e-3, batch ${flags['batch-size']}.`, `Latent manifold: ${path.basename(manifoldFile)}.`],
  seconds,
);
process.stdout.write(`wrote ${file}\n`);
