import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyScaling, checkFittedScaling, fitScaling, invertScaling } from './scaling.js';

// Three rows of three features; the last feature is constant.
const data = Float32Array.from([1, 10, 5, 3, 20, 5, 5, 60, 5]);

test('minmax: sklearn MinMaxScaler (training data spans [0, 1]; a constant feature maps to 0)', () => {
  const s = fitScaling('minmax', data, 3, 3)!;
  assert.deepEqual(s, { kind: 'minmax', offset: [1, 10, 5], scale: [4, 50, 1] });
  // MinMaxScaler().fit_transform([[1,10,5],[3,20,5],[5,60,5]]) -> [[0,0,0],[.5,.2,0],[1,1,0]]
  assert.deepEqual(Array.from(applyScaling(s, data)), [0, 0, 0, 0.5, Math.fround(0.2), 0, 1, 1, 0]);
});

test('standard: sklearn StandardScaler (population std; a constant feature maps to 0)', () => {
  const s = fitScaling('standard', data, 3, 3)!;
  // np.std([1,3,5]) = sqrt(8/3); np.std([10,20,60]) = sqrt(1400/3)
  assert.deepEqual(s.offset, [3, 30, 5]);
  assert.ok(Math.abs(s.scale[0]! - Math.sqrt(8 / 3)) < 1e-12 && Math.abs(s.scale[1]! - Math.sqrt(1400 / 3)) < 1e-12 && s.scale[2] === 1);
  const scaled = applyScaling(s, data);
  assert.ok(Math.abs(scaled[0]! + 1.2247449) < 1e-6 && scaled[8] === 0);
  const back = invertScaling(s, scaled);
  back.forEach((v, i) => assert.ok(Math.abs(v - data[i]!) < 1e-5, `value ${i}: ${v} vs ${data[i]}`));
});

test('none fits nothing; shapes and saved scalings are checked', () => {
  assert.equal(fitScaling('none', data, 3, 3), undefined);
  assert.throws(() => fitScaling('robust' as never, data, 3, 3), { message: "scale must be one of none, minmax, standard, got 'robust'" });
  const s = fitScaling('minmax', data, 3, 3)!;
  assert.throws(() => applyScaling(s, new Float32Array(4), 'new.csv'), { message: "new.csv: the minmax scaling was fitted on 3 features, but the data's 4 values are not whole rows of 3" });
  assert.deepEqual(checkFittedScaling(JSON.parse(JSON.stringify(s)), 3, 'aekit.json'), s);
  assert.throws(() => checkFittedScaling({ ...s, scale: [1, 0, 1] }, 3, 'aekit.json'), /aekit\.json: the input scaling is malformed/);
  assert.throws(() => checkFittedScaling(s, 4, 'aekit.json'), /with 4 finite offsets/);
});
