/** The bench's arithmetic and tables, on hand-made reports with hand-computed answers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReport } from './children.js';
import { breakdownTable, dominantPhase, nativeRatioTable, paramCell, qualityTable, speedTable } from './report.js';
import { median, ratio } from './stats.js';
import { RESULT_MARKER, type EngineReport, type SpeedResult } from './types.js';

function speed(model: string, train: number[], infer: number[], extra: Partial<SpeedResult> = {}): SpeedResult {
  return { model, params: 50_992, batchSize: 128, batchesTrained: 62, trainSamplesPerSec: train, inferSamplesPerSec: infer, testMse: 0.05, ...extra };
}

test('median of odd and even counts, and the aekit/PyTorch ratio', () => {
  assert.equal(median([30, 10, 20]), 20);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /no values/);
  assert.equal(ratio(50, 40), 1.25);
  assert.equal(ratio(50, undefined), undefined);
  assert.equal(ratio(50, 0), undefined);
});

test('speed table: medians, ratios, a skipped model and the batches each side trained', () => {
  const native: EngineReport = { engine: 'native', threads: 2, detail: '', results: [speed('dense', [900, 1100, 1000], [5000, 3000, 4000])] };
  const cpu: EngineReport = { engine: 'cpu', threads: 1, detail: '', results: [{ model: 'dense', skipped: 'skipped (too slow)' }] };
  const torch: EngineReport = { engine: 'pytorch', threads: 2, detail: '', results: [speed('dense', [500, 400, 450], [8000, 8000, 8000], { testMse: 0.04, batchesTrained: 62 })] };
  const rows = speedTable(['dense'], [native, cpu], torch).split('\n');
  assert.equal(rows.length, 4);
  // native: train median 1000 vs 450 -> 2.22x; infer median 4000 vs 8000 -> 0.50x.
  assert.equal(rows[2], '| dense | 50,992 ✓ | native (2t) | 1,000 | 450 | 2.22x | 4,000 | 8,000 | 0.50x | 0.0500 | 0.0400 | 62 |');
  assert.match(rows[3]!, /^\| dense \|  \| cpu \(1t\) \| skipped \(too slow\) \|/);
});

test('native ratio table: each engine against native, from medians; nothing without native', () => {
  const native: EngineReport = { engine: 'native', threads: 2, detail: '', results: [speed('dense', [900, 1100, 1000], [5000, 3000, 4000])] };
  const simd: EngineReport = { engine: 'wasm-simd', threads: 2, detail: '', results: [speed('dense', [300, 400, 350], [1000, 1200, 1400])] };
  const rows = nativeRatioTable(['dense'], [native, simd]).split('\n');
  assert.equal(rows.length, 3);
  // train median 350 / 1000 -> 0.35x; infer median 1200 / 4000 -> 0.30x.
  assert.equal(rows[2], '| dense | wasm-simd (2t) | 350 | 1,000 | 0.35x | 1,200 | 4,000 | 0.30x |');
  assert.equal(nativeRatioTable(['dense'], [simd]), '');
});

test('native-avx2 ratio table: the other engines against native held to AVX2; native itself is left out', () => {
  const native: EngineReport = { engine: 'native', threads: 2, detail: '', results: [speed('dense', [1000], [4000])] };
  const avx2: EngineReport = { engine: 'native-avx2', threads: 2, detail: '', results: [speed('dense', [800, 600, 700], [2000, 2500, 3000])] };
  const simd: EngineReport = { engine: 'wasm-simd', threads: 2, detail: '', results: [speed('dense', [300, 400, 350], [1000, 1200, 1400])] };
  const rows = nativeRatioTable(['dense'], [native, avx2, simd], 'native-avx2').split('\n');
  assert.equal(rows.length, 3);
  assert.equal(rows[0], '| model | engine | train /s | native-avx2 train /s | ratio | infer /s | native-avx2 infer /s | ratio |');
  // train median 350 / 700 -> 0.50x; infer median 1200 / 2500 -> 0.48x.
  assert.equal(rows[2], '| dense | wasm-simd (2t) | 350 | 700 | 0.50x | 1,200 | 2,500 | 0.48x |');
  // Against native (AVX-512), native-avx2 is one more engine: 700 / 1000, 2500 / 4000.
  assert.match(nativeRatioTable(['dense'], [native, avx2, simd]), /\| dense \| native-avx2 \(2t\) \| 700 \| 1,000 \| 0\.70x \| 2,500 \| 4,000 \| 0\.63x \|/);
});

test('parameter cell flags any disagreement between aekit, PyTorch and the issue', () => {
  assert.equal(paramCell('conv1', 6705, 6705), '6,705 ✓');
  assert.equal(paramCell('conv1', 6705, 6704), 'MISMATCH aekit 6,705 / torch 6,704 / expected 6,705');
  assert.equal(paramCell('conv2', 2000, 2000), 'MISMATCH aekit 2,000 / torch 2,000 / expected 2,109');
  assert.equal(paramCell('my-model', 10, undefined), '10');
});

test('breakdown names the phase with the largest share', () => {
  const result = speed('deep', [1], [1], { breakdown: { forwardMs: 10, backwardMs: 25, updateMs: 15 } });
  assert.equal(dominantPhase(result), 'backward 50%');
  const table = breakdownTable(['deep'], [{ engine: 'native', threads: 2, detail: '', results: [result] }], undefined);
  assert.equal(table.split('\n')[2], '| deep | native | 10.0 | 25.0 | 15.0 | backward 50% |');
});

test('quality table passes aekit within 5% of PyTorch and fails it beyond', () => {
  const aekit: EngineReport = {
    engine: 'native', threads: 2, detail: '',
    quality: [
      { model: 'dense', params: 50_992, testMse: { '1': 0.0320, '5': 0.0118 }, seconds: 10 },
      { model: 'deep', params: 2_837_314, testMse: { '1': 0.0163, '5': 0.0090 }, seconds: 10 },
    ],
  };
  const torch: EngineReport = {
    engine: 'pytorch', threads: 2, detail: '',
    quality: [
      { model: 'dense', params: 50_992, testMse: { '1': 0.0314, '5': 0.0113 }, seconds: 5 },
      { model: 'deep', params: 2_837_314, testMse: { '1': 0.0163, '5': 0.0077 }, seconds: 5 },
    ],
  };
  const rows = qualityTable(['dense', 'deep'], [1, 5], aekit, torch).split('\n');
  // dense: 0.0320/0.0314 = 1.019, 0.0118/0.0113 = 1.044 -> within; deep: 0.0090/0.0077 = 1.169 -> not.
  assert.match(rows[2]!, /^\| dense \| 50,992 ✓ \| 0\.0320 \| 0\.0314 \| 1\.02x \| 0\.0314 \| 0\.0118 \| 0\.0113 \| 1\.04x \| 0\.0113 \| yes \|/);
  assert.match(rows[3]!, /\| 1\.17x \| 0\.0077 \| NO \|/);
});

test('a child\'s report is the last marked stdout line; noise around it is ignored', () => {
  const report: EngineReport = { engine: 'wasm', threads: 1, detail: 'SIMD' };
  const stdout = `tfjs banner\n${RESULT_MARKER}{"engine":"old"}\n${RESULT_MARKER}${JSON.stringify(report)}\ntrailing\n`;
  assert.deepEqual(parseReport(stdout, 'wasm'), report);
  assert.equal(parseReport('no marker here', 'wasm'), undefined);
  assert.match(parseReport(`${RESULT_MARKER}{broken`, 'wasm')!.error!, /unreadable report/);
});
