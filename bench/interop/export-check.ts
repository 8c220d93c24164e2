/**
 * For every registry model (and stacked with tied weights): each part exported as ONNX and as
 * Keras 3, run outside aekit (onnxruntime-node; the numpy reading of testing/support/keras3_forward.py
 * through Debian's Python), the max abs difference against aekit on 16 MNIST test digits, and
 * the file sizes; and the TF.js layers export loaded by stock tfjs-layers (tf.loadLayersModel). Weights are the seeded initial ones moved by seeded noise (as the tests use),
 * so every weight, bias and BatchNorm statistic takes part.
 *
 *   npm run build && node dist/bench/interop/export-check.js [--markdown]
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../src/backend/select.js';
import { encodeNpy, readNpy } from '../../src/data/npy.js';
import { exportBytes } from '../../src/io/export/export-bytes.js';
import { EXPORT_PARTS } from '../../src/io/export/parts.js';
import { REPO_ROOT } from '../../testing/support/datasets.js';
import { debianPython, EXPORT_CASES, maxAbsDifference, perturbedModel, runPart, sixteenDigits } from '../../testing/support/export-fixtures.js';

const python = debianPython(['h5py', 'numpy']);
const reader = path.join(REPO_ROOT, 'testing', 'support', 'keras3_forward.py');

await initBackend({ backend: 'auto' });
const digits = await sixteenDigits();
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-export-check-'));
const rows: string[][] = [];
for (const exportCase of EXPORT_CASES) {
  const model = perturbedModel(exportCase);
  for (const part of EXPORT_PARTS) {
    const run = runPart(model, part, digits);
    const onnx = await exportBytes(model, { format: 'onnx', part });
    const keras = await exportBytes(model, { format: 'keras', part });
    if (onnx.format !== 'onnx' || keras.format !== 'keras') throw new Error('unexpected export form');
    const session = await ort.InferenceSession.create(onnx.bytes);
    const results = await session.run(Object.fromEntries(run.inputs.map((input) => [input.name, new ort.Tensor('float32', input.values, input.shape)])));
    const onnxDiff = Math.max(...session.outputNames.map((name, i) => maxAbsDifference(results[name]!.data as Float32Array, run.outputs[i]!)));
    await session.release();
    let kerasDiff = 'n/a';
    if ('python' in python) {
      const file = path.join(dir, 'model.keras');
      await fs.writeFile(file, keras.bytes);
      const inputs = await Promise.all(run.inputs.map(async (input, i) => {
        const inputFile = path.join(dir, `input${i}.npy`);
        await fs.writeFile(inputFile, encodeNpy(input.values, input.shape));
        return inputFile;
      }));
      execFileSync(python.python, [reader, file, path.join(dir, 'output'), ...inputs], { stdio: 'pipe' });
      const diffs = await Promise.all(run.outputs.map(async (expected, i) => maxAbsDifference(readNpy(await fs.readFile(path.join(dir, `output${i}.npy`)), 'output').data, expected)));
      kerasDiff = Math.max(...diffs).toExponential(1);
    }
    const web = await exportBytes(model, { format: 'tfjs', part });
    if (web.format !== 'tfjs') throw new Error('unexpected export form');
    const topology = web.artifacts.modelJson['modelTopology'] as tf.io.ModelJSON['modelTopology'];
    const manifest = web.artifacts.modelJson['weightsManifest'] as tf.io.WeightsManifestConfig;
    const weightData = web.artifacts.weights.buffer.slice(web.artifacts.weights.byteOffset, web.artifacts.weights.byteOffset + web.artifacts.weights.byteLength);
    const stock = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: manifest[0]!.weights, weightData }));
    const inputs = run.inputs.map((input) => tf.tensor(input.values, input.shape));
    const predicted = stock.predict(inputs.length === 1 ? inputs[0]! : inputs);
    const outputs = Array.isArray(predicted) ? predicted : [predicted];
    const webDiff = Math.max(...outputs.map((t, i) => maxAbsDifference(t.dataSync(), run.outputs[i]!)));
    tf.dispose([...inputs, ...outputs]);
    stock.dispose();
    const webBytes = web.artifacts.weights.byteLength + JSON.stringify(web.artifacts.modelJson).length;
    rows.push([exportCase.label, part, onnxDiff.toExponential(1), onnx.bytes.byteLength.toLocaleString('en-US'), kerasDiff, keras.bytes.byteLength.toLocaleString('en-US'), webDiff.toExponential(1), webBytes.toLocaleString('en-US')]);
  }
}
const header = ['model', 'part', 'ONNX max |diff|', 'ONNX bytes', 'Keras max |diff|', 'Keras bytes', 'TF.js max |diff|', 'TF.js bytes'];
if (process.argv.includes('--markdown')) {
  process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
} else {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}\n`);
}
await fs.rm(dir, { recursive: true, force: true });
