import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from './registry.js';
import { summarize, formatSummary } from './summary.js';
import { initBackend } from '../backend/select.js';

await initBackend({ backend: 'cpu' });

// Parameter counts as Keras reports them for the same layer stacks (seed 000 prints 6,705 for conv1;
// the others follow from Keras's Dense (in*out + out), Conv2D (kh*kw*cin*cout + cout) and
// BatchNormalization (4 per channel, 2 of them non-trainable moving statistics) formulas).
const KERAS_COUNTS: Record<string, [total: number, trainable: number, nonTrainable: number]> = {
  dense: [50_992, 50_992, 0],
  'dense-392': [615_832, 615_832, 0],
  conv1: [6_705, 6_705, 0],
  conv2: [2_109, 2_043, 66],
  deep: [2_837_314, 2_837_314, 0],
};

for (const [name, [total, trainable, nonTrainable]] of Object.entries(KERAS_COUNTS)) {
  test(`${name}: parameter counts equal Keras's`, () => {
    const summary = summarize(buildModel(name).model);
    assert.equal(summary.totalParams, total);
    assert.equal(summary.trainableParams, trainable);
    assert.equal(summary.nonTrainableParams, nonTrainable);
    assert.equal(summary.rows.reduce((sum, row) => sum + row.params, 0), total);
  });
}

test('conv1 summary lists the seed layers with Keras output shapes and per-layer counts', () => {
  const summary = summarize(buildModel('conv1').model);
  const convs = summary.rows.filter((row) => row.type === 'Conv2D');
  // seed 000: conv2d_16..23 have 160, 2320, 1160, 584, 584, 584, 1168, 145 parameters
  assert.deepEqual(convs.map((row) => row.params), [160, 2320, 1160, 584, 584, 584, 1168, 145]);
  assert.equal(summary.rows[1]!.outputShape, '(None, 32, 32, 1)');
  assert.equal(summary.rows.at(-1)!.outputShape, '(None, 28, 28, 1)');
  const code = summary.rows.find((row) => row.name === 'encoder_pool4');
  assert.equal(code?.outputShape, '(None, 2, 2, 8)');
  const text = formatSummary(summary);
  assert.match(text, /Total params: 6,705/);
  assert.match(text, /Non-trainable params: 0/);
});

test('encoder and decoder are separate models sharing the autoencoder weights', () => {
  const ae = buildModel('dense', { seed: 1 });
  assert.deepEqual(ae.codeShape, [32]);
  assert.equal(ae.encoder.countParams() + ae.decoder.countParams(), 50_992);
});

test('seeded builds are identical; different seeds differ', () => {
  const a = buildModel('conv1', { seed: 7 }).model.getWeights()[0]!.dataSync();
  const b = buildModel('conv1', { seed: 7 }).model.getWeights()[0]!.dataSync();
  const c = buildModel('conv1', { seed: 8 }).model.getWeights()[0]!.dataSync();
  assert.deepEqual(Array.from(a), Array.from(b));
  assert.notDeepEqual(Array.from(a), Array.from(c));
});

test('unknown model and unknown option get clear errors', () => {
  assert.throws(() => buildModel('nope'), /unknown model 'nope': expected one of .*conv1/);
  assert.throws(() => buildModel('dense', { options: { codesize: 3 } }), /model 'dense': unknown option 'codesize'/);
});

test('a model whose options change its input layout gets image input (denoising on a conv base)', () => {
  const ae = buildModel('denoising', { options: { base: 'conv1' }, seed: 1 });
  assert.deepEqual(ae.inputShape, [28, 28, 1]);
  assert.equal(summarize(ae.model).totalParams, 6_705);
  assert.deepEqual(buildModel('denoising', { seed: 1 }).inputShape, [784]);
});
