import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { initBackend } from '../../backend/select.js';
import { encodeNpy, readNpy } from '../../data/npy.js';
import { exportBytes } from '../export/export-bytes.js';
import { partGraph, type ExportPart } from '../export/parts.js';
import { REPO_ROOT } from '../../../testing/support/datasets.js';
import { debianPython, EXPORT_CASES, maxAbsDifference, NO_DIGITS, perturbedModel, runPart, sixteenDigits, skipReason, type ExportCase } from '../../../testing/support/export-fixtures.js';

const python = debianPython(['h5py', 'numpy']);
const SKIP = skipReason(NO_DIGITS, 'skip' in python ? python.skip : false);
const READER = path.join(REPO_ROOT, 'testing', 'support', 'keras3_forward.py');

interface ReaderSummary {
  entries: string[];
  metadata: { keras_version: string; aekit: Record<string, string> };
  weights: { path: string; layer: string; shape: number[]; sum: number; head: number[] }[];
}

/** Every model's autoencoder; the encoders and decoders whose form differs (two outputs, three inputs, tied). */
const PARTS: [ExportCase, ExportPart][] = [
  ...EXPORT_CASES.map((c): [ExportCase, ExportPart] => [c, 'autoencoder']),
  ...EXPORT_CASES.filter((c) => ['vae', 'conv-vae', 'conv2', 'conv1'].includes(c.model)).map((c): [ExportCase, ExportPart] => [c, 'encoder']),
  ...EXPORT_CASES.filter((c) => ['unet', 'conv-vae', 'keras-conv-denoise'].includes(c.model) || c.options).map((c): [ExportCase, ExportPart] => [c, 'decoder']),
];

for (const [exportCase, part] of PARTS) {
  test(`Keras 3 export of ${exportCase.label} (${part}): archive, config and every weight as Keras lays them out; numpy forward pass = aekit to 1e-5`, { skip: SKIP }, async () => {
    await initBackend({ backend: 'auto' });
    const model = perturbedModel(exportCase);
    const exported = await exportBytes(model, { format: 'keras', part, metadata: { threshold: 0.5 } });
    assert.equal(exported.format, 'keras');
    if (exported.format !== 'keras') return;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-keras-'));
    const file = path.join(dir, 'model.keras');
    await fs.writeFile(file, exported.bytes);

    // config.json in Keras 3's Functional form: standard layers only, Keras tensors in the nodes.
    const archive = unzipSync(exported.bytes);
    const config = JSON.parse(strFromU8(archive['config.json']!)) as { class_name: string; module: string; config: { layers: Record<string, unknown>[] } };
    assert.equal(config.class_name, 'Functional');
    assert.equal(config.module, 'keras.src.models.functional');
    for (const layer of config.config.layers) {
      assert.equal(layer['module'], 'keras.layers');
      assert.equal(layer['registered_name'], null);
      assert.ok(['InputLayer', 'Dense', 'Conv2D', 'Conv2DTranspose', 'MaxPooling2D', 'UpSampling2D', 'LeakyReLU', 'BatchNormalization', 'ZeroPadding2D', 'Cropping2D', 'Flatten', 'Reshape', 'Concatenate'].includes(layer['class_name'] as string), String(layer['class_name']));
      if (layer['class_name'] === 'InputLayer') continue;
      assert.ok(layer['build_config'], `${String(layer['name'])}: build_config`);
      const nodes = layer['inbound_nodes'] as { args: unknown[]; kwargs: object }[];
      assert.equal(nodes.length, 1);
      assert.match(JSON.stringify(nodes[0]!.args), /"class_name":"__keras_tensor__"/);
    }

    const inputs = runPart(model, part, await sixteenDigits());
    const inputFiles = await Promise.all(inputs.inputs.map(async (input, i) => {
      const inputFile = path.join(dir, `input${i}.npy`);
      await fs.writeFile(inputFile, encodeNpy(input.values, input.shape));
      return inputFile;
    }));
    const summary = JSON.parse(execFileSync((python as { python: string }).python, [READER, file, path.join(dir, 'output'), ...inputFiles], { encoding: 'utf8' })) as ReaderSummary;
    assert.deepEqual(summary.entries, ['config.json', 'metadata.json', 'model.weights.h5']);
    assert.equal(summary.metadata.aekit['model_name'], exportCase.model);
    assert.equal(summary.metadata.aekit['threshold'], '0.5');
    assert.equal(summary.metadata.aekit['part'], part);

    // Every weight, found where Keras looks for it, equals aekit's.
    const expected = [...partGraph(model, part).graph.weights.entries()].flatMap(([layer, arrays]) => arrays.map((array) => ({ layer, array })));
    assert.equal(summary.weights.length, expected.length, 'weight arrays in model.weights.h5');
    summary.weights.forEach((found, i) => {
      const { layer, array } = expected[i]!;
      assert.equal(found.layer, layer, found.path);
      assert.deepEqual(found.shape, array.shape, found.path);
      const sum = array.values.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(found.sum - sum) <= 1e-4 * (1 + Math.abs(sum)), `${found.path}: sum ${found.sum} vs ${sum}`);
      assert.deepEqual(found.head.map((v) => Math.fround(v)), [...array.values.subarray(0, 4)], found.path);
    });

    for (let i = 0; i < inputs.outputs.length; i++) {
      const output = readNpy(await fs.readFile(path.join(dir, `output${i}.npy`)), 'numpy output');
      const difference = maxAbsDifference(output.data as Float32Array, inputs.outputs[i]!);
      assert.ok(difference <= 1e-5, `output ${i}: max |numpy - aekit| = ${difference}`);
    }
    await fs.rm(dir, { recursive: true, force: true });
  });
}
