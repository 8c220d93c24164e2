import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/select.js';
import { encodeNpy, readNpy } from '../data/npy.js';
import { loadAutoencoder } from '../io/model-io.js';
import { exportModel } from '../io/export/export-model.js';
import { importKerasRun } from './import-run.js';
import { runAekit } from '../../testing/support/cli.js';
import { REPO_ROOT } from '../../testing/support/datasets.js';
import { debianPython, maxAbsDifference, NO_DIGITS, perturbedModel, runPart, sixteenDigits, skipReason } from '../../testing/support/export-fixtures.js';

const python = debianPython(['h5py', 'numpy']);
const SKIP = skipReason(NO_DIGITS, 'skip' in python ? python.skip : false);

async function fixtures(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-import-'));
  await fs.writeFile(path.join(dir, 'digits.npy'), encodeNpy(await sixteenDigits(), [16, 784]));
  execFileSync((python as { python: string }).python, [path.join(REPO_ROOT, 'testing', 'support', 'keras_fixtures.py'), dir, path.join(dir, 'digits.npy')]);
  return dir;
}

async function reconstruct(runDir: string): Promise<Float32Array> {
  const { autoencoder } = await loadAutoencoder(path.join(runDir, 'best'));
  const digits = await sixteenDigits();
  return tf.tidy(() => Float32Array.from(autoencoder.reconstructBatch(tf.tensor(digits, [16, ...autoencoder.inputShape])).dataSync()));
}

test('Keras 2 HDF5 (Sequential, functional conv, nested models) and Keras 3 (functional, Sequential, nested models) files built with h5py import and reconstruct as numpy does, to 1e-5', { skip: SKIP }, async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fixtures();
  const expectations: [string, string, string][] = [
    ['seq_dense.h5', 'keras2-h5', 'bce'],
    ['functional_conv.h5', 'keras2-h5', 'mse'],
    ['functional_dense.keras', 'keras3', 'mse'],
    ['sequential_conv.keras', 'keras3', 'mse'],
    ['nested.h5', 'keras2-h5', 'mse'],
    ['nested.keras', 'keras3', 'mse'],
  ];
  for (const [file, format, loss] of expectations) {
    const runDir = path.join(dir, `run-${file}`);
    const result = await importKerasRun(path.join(dir, file), runDir, { dataset: 'mnist' });
    assert.equal(result.format, format, file);
    assert.equal(result.autoencoder.spec.loss, loss, `${file}: loss from the file's compile/training config`);
    const expected = readNpy(await fs.readFile(path.join(dir, file.replace(/^nested\.(h5|keras)$/, 'nested.expected.npy').replace(/\.(h5|keras)$/, '.expected.npy'))), 'expected').data;
    const difference = maxAbsDifference(await reconstruct(runDir), expected);
    assert.ok(difference <= 1e-5, `${file}: max |aekit - numpy| = ${difference}`);
  }
  const conv = await importKerasRun(path.join(dir, 'functional_conv.h5'), path.join(dir, 'run-named'), { dataset: 'mnist' });
  assert.equal(conv.codeLayer, 'encoded');
  assert.deepEqual(conv.autoencoder.codeShape, [16, 16, 4]);
});

test('aekit models exported as .keras come back through import with the same outputs (U-Net skips, BatchNorm statistics, tied weights)', { skip: NO_DIGITS }, async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-roundtrip-'));
  const digits = await sixteenDigits();
  for (const exportCase of [{ label: 'unet', model: 'unet' }, { label: 'conv2', model: 'conv2' }, { label: 'tied', model: 'stacked', options: { tiedWeights: true } }]) {
    const model = perturbedModel(exportCase);
    const file = path.join(dir, `${exportCase.label}.keras`);
    await exportModel(model, file, { format: 'keras' });
    const result = await importKerasRun(file, path.join(dir, `run-${exportCase.label}`), { dataset: 'mnist' });
    const difference = maxAbsDifference(await reconstruct(result.runDir), runPart(model, 'autoencoder', digits).outputs[0]!);
    assert.ok(difference <= 1e-5, `${exportCase.label}: max |imported - original| = ${difference}`);
  }
  const unet = (await loadAutoencoder(path.join(dir, 'run-unet', 'best'))).autoencoder;
  assert.deepEqual(unet.codeShape, [7, 7, 64], "the U-Net's layer named 'code'");
  assert.throws(() => unet.decodeBatch(tf.zeros([1, 7, 7, 64])), /its decoder also reads tensors from before the code/);
});

test("the code layer guessed on import is the end of the encoder (conv2's encoder_bn2, not the smaller decoder_conv2; dense's 'code'), with codes equal to the original's; --code-layer overrides it", { skip: NO_DIGITS }, async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-code-layer-'));
  const digits = await sixteenDigits();
  for (const [name, expected] of [['conv2', 'encoder_bn2'], ['dense', 'code']] as const) {
    const model = perturbedModel({ label: name, model: name });
    const file = path.join(dir, `${name}.keras`);
    await exportModel(model, file, { format: 'keras' });
    const result = await importKerasRun(file, path.join(dir, `run-${name}`), { dataset: 'mnist' });
    assert.equal(result.codeLayer, expected, name);
    assert.deepEqual(result.autoencoder.codeShape, model.codeShape, `${name}: the original's code shape`);
    const codes = tf.tidy(() => Float32Array.from(result.autoencoder.encodeBatch(tf.tensor(digits, [16, ...model.inputShape])).dataSync()));
    const difference = maxAbsDifference(codes, runPart(model, 'encoder', digits).outputs[0]!);
    assert.ok(difference <= 1e-5, `${name}: max |imported code - original code| = ${difference}`);
  }
  const chosen = await importKerasRun(path.join(dir, 'conv2.keras'), path.join(dir, 'run-pool'), { dataset: 'mnist', codeLayer: 'decoder_conv2' });
  assert.equal(chosen.codeLayer, 'decoder_conv2');
  assert.deepEqual(chosen.autoencoder.codeShape, [14, 14, 1], 'the layer --code-layer names, even a smaller one in the decoder');
});

test('an imported run works with evaluate, encode, detect --stream, denoise and train --resume (fine-tuning)', { skip: SKIP }, async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fixtures();
  const imported = await runAekit(['import', 'functional_conv.h5', '--out', 'run', '--limit', '200'], dir);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /Keras 2 HDF5\): 11 layers, 773 parameters/);
  for (const args of [
    ['evaluate', '--model', 'run', '--limit', '50', '--no-pca', '--json'],
    ['encode', '--model', 'run', '--limit', '50', '--out', 'codes.npy'],
    ['detect', '--model', 'run', '--limit', '50', '--stream', '--json'],
    ['denoise', '--model', 'run', '--limit', '10', '--out', 'denoised.png'],
  ]) {
    const result = await runAekit(args, dir);
    assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
  }
  assert.deepEqual(readNpy(await fs.readFile(path.join(dir, 'codes.npy')), 'codes').shape, [50, 16 * 16 * 4]);
  const before = await reconstruct(path.join(dir, 'run'));
  const tuned = await runAekit(['train', '--resume', 'run', '--epochs', '1'], dir);
  assert.equal(tuned.code, 0, tuned.stderr);
  const status = JSON.parse(await fs.readFile(path.join(dir, 'run', 'status.json'), 'utf8')) as { state: string; epochsDone: number };
  assert.deepEqual([status.state, status.epochsDone], ['completed', 1]);
  assert.ok(maxAbsDifference(await reconstruct(path.join(dir, 'run')), before) > 1e-4, 'fine-tuning changed the weights');
});

test('import errors name the file and what was wrong: unsupported layer, foreign and corrupt files, weights-only HDF5', { skip: SKIP }, async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fixtures();
  await fs.writeFile(path.join(dir, 'noise.keras'), Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 251));
  const zipped = await fs.readFile(path.join(dir, 'functional_dense.keras'));
  await fs.writeFile(path.join(dir, 'truncated.keras'), zipped.subarray(0, 200));
  await fs.writeFile(path.join(dir, 'truncated.h5'), (await fs.readFile(path.join(dir, 'seq_dense.h5'))).subarray(0, 3000));
  execFileSync((python as { python: string }).python, ['-c', 'import h5py, numpy, sys\nwith h5py.File(sys.argv[1], "w") as f: f.create_dataset("w", data=numpy.zeros(3))', path.join(dir, 'weights.h5')]);
  const cases: [string, RegExp][] = [
    ['lstm.keras', /lstm\.keras: config\.json: layer 'lstm' is a LSTM, which aekit does not import \(supported: InputLayer, Dense/],
    ['noise.keras', /noise\.keras: not a Keras model \(expected a Keras 3 \.keras zip archive or a Keras 2 HDF5 \.h5 file\)/],
    ['truncated.keras', /truncated\.keras: not a readable zip archive/],
    ['truncated.h5', /truncated\.h5: not a readable HDF5 file \(HDF5 [\w]+: truncated file/],
    ['weights.h5', /weights\.h5: an HDF5 file without a 'model_config' attribute/],
    ['missing.h5', /missing\.h5: cannot read \(ENOENT\)/],
  ];
  for (const [file, message] of cases) {
    await assert.rejects(importKerasRun(path.join(dir, file), path.join(dir, `run-${file}`), { dataset: 'mnist' }), message);
    await assert.rejects(fs.stat(path.join(dir, `run-${file}`)), `${file}: no run folder left behind`);
  }
  // At the command line: one line, no stack trace, a failing exit code.
  const result = await runAekit(['import', 'lstm.keras', '--out', 'run-cli'], dir);
  assert.notEqual(result.code, 0);
  assert.deepEqual(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /^aekit: .*lstm\.keras: config\.json: layer 'lstm' is a LSTM/);
});
