import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../backend/select.js';
import { exportBytes } from '../export/export-bytes.js';
import { EXPORT_PARTS } from '../export/parts.js';
import { layerGraphOf } from '../export/layer-graph.js';
import { writeOnnx } from './write-onnx.js';
import { debianPython, EXPORT_CASES, maxAbsDifference, NO_DIGITS, perturbedModel, runPart, sixteenDigits, skipReason } from '../../../testing/support/export-fixtures.js';

type Ort = typeof import('onnxruntime-node');
let ort: Ort | undefined;
try {
  ort = await import('onnxruntime-node');
} catch {
  ort = undefined;
}
const NO_ORT = ort ? false : 'onnxruntime-node is not installed (npm install --include=dev)';

const written: string[] = [];
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-onnx-'));

for (const exportCase of EXPORT_CASES) {
  test(`ONNX export of ${exportCase.label}: every part gives aekit's outputs to 1e-5 in onnxruntime on 16 MNIST digits`, { skip: skipReason(NO_ORT, NO_DIGITS) }, async () => {
    await initBackend({ backend: 'auto' });
    const model = perturbedModel(exportCase);
    const digits = await sixteenDigits();
    for (const part of EXPORT_PARTS) {
      const exported = await exportBytes(model, { format: 'onnx', part, metadata: { threshold: 0.25 } });
      assert.equal(exported.format, 'onnx');
      if (exported.format !== 'onnx') return;
      const file = path.join(dir, `${exportCase.label.replace(/\W+/g, '_')}-${part}.onnx`);
      await fs.writeFile(file, exported.bytes);
      written.push(file);
      const session = await ort!.InferenceSession.create(exported.bytes);
      const run = runPart(model, part, digits);
      const feeds = Object.fromEntries(run.inputs.map((input) => [input.name, new ort!.Tensor('float32', input.values, input.shape)]));
      const results = await session.run(feeds);
      assert.equal(session.outputNames.length, run.outputs.length, `${part}: outputs`);
      session.outputNames.forEach((name, i) => {
        const difference = maxAbsDifference(results[name]!.data as Float32Array, run.outputs[i]!);
        assert.ok(difference <= 1e-5, `${part} output '${name}': max |onnx - aekit| = ${difference}`);
      });
      await session.release();
    }
  });
}

test('an ONNX export has an open batch dimension, NHWC image inputs and the metadata inside', { skip: skipReason(NO_ORT, NO_DIGITS) }, async () => {
  await initBackend({ backend: 'auto' });
  const model = perturbedModel({ label: 'conv2', model: 'conv2' });
  const exported = await exportBytes(model, { format: 'onnx', metadata: { threshold: 0.0123, dataset: 'mnist' } });
  assert.equal(exported.format, 'onnx');
  if (exported.format !== 'onnx') return;
  const session = await ort!.InferenceSession.create(exported.bytes);
  const digits = (await sixteenDigits()).subarray(0, 3 * 784);
  const out = await session.run({ input: new ort!.Tensor('float32', digits, [3, 28, 28, 1]) });
  assert.deepEqual(out['reconstruction']!.dims, [3, 28, 28, 1]);
  assert.ok(maxAbsDifference(out['reconstruction']!.data as Float32Array, runPart(model, 'autoencoder', digits).outputs[0]!) <= 1e-5);
  await session.release();
  // The metadata travels as metadata_props; read them back with the same protobuf schema.
  const { default: onnxProto } = await import('onnx-proto');
  const decoded = onnxProto.onnx.ModelProto.decode(exported.bytes);
  const props = Object.fromEntries(decoded.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
  assert.equal(props['model_name'], 'conv2');
  assert.equal(props['threshold'], '0.0123');
  assert.equal(props['dataset'], 'mnist');
  assert.deepEqual(JSON.parse(props['input_shape']!), [28, 28, 1]);
  assert.match(props['input_layout']!, /NHWC/);
  assert.ok(props['aekit_version']);
  assert.equal(Number(decoded.opsetImport[0]!.version), 17);
  const batch = decoded.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0];
  assert.equal(batch?.dimParam, 'batch');
});

test('a layer ONNX cannot express the same way fails the export with its name', async () => {
  await initBackend({ backend: 'auto' });
  const input = tfl.input({ shape: [8, 8, 1], name: 'input' });
  const pooled = tfl.layers.averagePooling2d({ poolSize: 2, name: 'odd_pool' }).apply(input) as tfl.SymbolicTensor;
  const graph = layerGraphOf(tfl.model({ inputs: input, outputs: pooled }));
  assert.throws(() => writeOnnx(graph, { metadata: {}, producerVersion: 'test' }), /layer 'odd_pool' \(AveragePooling2D\): this layer type has no ONNX export/);
  const upsampled = tfl.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear', name: 'smooth_up' }).apply(input) as tfl.SymbolicTensor;
  assert.throws(() => writeOnnx(layerGraphOf(tfl.model({ inputs: input, outputs: upsampled })), { metadata: {}, producerVersion: 'test' }),
    /layer 'smooth_up' \(UpSampling2D\): interpolation 'bilinear' is not exported/);
});

const checker = debianPython(['onnx']);
test('every exported ONNX file passes onnx.checker.check_model (full check, shape inference)', { skip: skipReason('skip' in checker ? checker.skip : false, NO_ORT, NO_DIGITS) }, () => {
  assert.ok(written.length >= EXPORT_CASES.length * 3, `the exports above wrote ${written.length} files`);
  const script = 'import sys, onnx\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\nprint(len(sys.argv) - 1)';
  const checked = execFileSync((checker as { python: string }).python, ['-c', script, ...written], { encoding: 'utf8' });
  assert.equal(Number(checked.trim()), written.length);
});
