/**
 * The bench's tables, as Markdown (printed to the terminal and saved to bench/results/). Every
 * number comes from the reports; nothing is adjusted. Medians over repetitions; ratios are
 * aekit / PyTorch (above 1 = aekit faster, or for MSE: aekit worse).
 */
import type { EngineName } from './engine.js';
import { median, ratio } from './stats.js';
import { isSkipped, type EngineReport, type ModelOutcome, type QualityResult, type SpeedResult } from './types.js';

/** Parameter counts the issue fixes for the seed models (Keras's count, BatchNorm statistics included). */
export const EXPECTED_PARAMS: Record<string, number> = { dense: 50_992, conv1: 6_705, conv2: 2_109, deep: 2_837_314, vae: 807_700 };

/** PyTorch's test MSE per pixel after 1 and 5 epochs, as measured by the issue author. */
export const ISSUE_TORCH_MSE: Record<string, Record<string, number>> = {
  dense: { '1': 0.0314, '5': 0.0113 },
  conv1: { '1': 0.0429, '5': 0.0331 },
  conv2: { '1': 0.0844, '5': 0.0188 },
  deep: { '1': 0.0163, '5': 0.0077 },
};

export interface BenchRecord {
  kind: 'speed' | 'quality';
  /** ISO time the run started. */
  date: string;
  command: string;
  machine: string;
  /** os.loadavg()[0] at start and end: other work on the machine skews every number. */
  load: [number, number];
  /** Wall-clock length of the run. */
  seconds: number;
  settings: Record<string, unknown>;
  engines: EngineReport[];
  torch?: EngineReport;
}

export function formatRate(samplesPerSec: number | undefined): string {
  if (samplesPerSec === undefined) return '-';
  const digits = samplesPerSec < 10 ? 1 : 0;
  return samplesPerSec.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(value: number | undefined): string {
  return value === undefined ? '-' : `${value.toFixed(2)}x`;
}

function formatMse(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(4);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function resultFor(report: EngineReport | undefined, model: string): ModelOutcome | undefined {
  return report?.results?.find((r) => r.model === model);
}

function measured(outcome: ModelOutcome | undefined): SpeedResult | undefined {
  return outcome && !isSkipped(outcome) ? outcome : undefined;
}

/** "50,992 ✓" when aekit, PyTorch and the issue agree, otherwise every count that is known. */
export function paramCell(model: string, aekit: number | undefined, torch: number | undefined): string {
  const expected = EXPECTED_PARAMS[model];
  const known = [aekit, torch].filter((n): n is number => n !== undefined);
  if (known.length === 0) return '-';
  const agree = known.every((n) => n === known[0]) && (expected === undefined || known[0] === expected);
  if (agree) return `${known[0]!.toLocaleString('en-US')}${expected !== undefined && known.length === 2 ? ' ✓' : ''}`;
  return `MISMATCH aekit ${aekit?.toLocaleString('en-US') ?? '-'} / torch ${torch?.toLocaleString('en-US') ?? '-'} / expected ${expected?.toLocaleString('en-US') ?? '-'}`;
}

export function speedTable(models: string[], engines: EngineReport[], torch: EngineReport | undefined): string {
  const rows: string[][] = [];
  for (const model of models) {
    const reference = measured(resultFor(torch, model));
    const torchTrain = reference && median(reference.trainSamplesPerSec);
    const torchInfer = reference && median(reference.inferSamplesPerSec);
    for (const engine of engines) {
      if (engine.error) continue;
      const outcome = resultFor(engine, model);
      const label = `${engine.engine} (${engine.threads}t)`;
      if (!outcome) continue;
      if (isSkipped(outcome)) {
        rows.push([model, '', label, outcome.skipped, '', '', '', '', '', '', '', '']);
        continue;
      }
      const train = median(outcome.trainSamplesPerSec);
      const infer = median(outcome.inferSamplesPerSec);
      rows.push([
        model,
        paramCell(model, outcome.params, reference?.params),
        label,
        formatRate(train),
        formatRate(torchTrain),
        formatRatio(ratio(train, torchTrain)),
        formatRate(infer),
        formatRate(torchInfer),
        formatRatio(ratio(infer, torchInfer)),
        formatMse(outcome.testMse),
        formatMse(reference?.testMse),
        reference && reference.batchesTrained !== outcome.batchesTrained ? `${outcome.batchesTrained} (torch ${reference.batchesTrained})` : String(outcome.batchesTrained),
      ]);
    }
  }
  return table(
    ['model', 'params', 'engine', 'train /s', 'PyTorch train /s', 'ratio', 'infer /s', 'PyTorch infer /s', 'ratio', 'test MSE', 'PyTorch MSE', 'batches trained'],
    rows,
  );
}

/**
 * The WebAssembly and JavaScript engines against a native one (`native`, or `native-avx2`),
 * model by model: the ratio of median samples/s (the issue-22 goal for the WebAssembly engines
 * is >= 0.30x of native, train and infer). Empty without a report of the reference.
 */
export function nativeRatioTable(models: string[], engines: EngineReport[], reference: EngineName = 'native'): string {
  const native = engines.find((e) => e.engine === reference && !e.error);
  if (!native) return '';
  const rows: string[][] = [];
  for (const model of models) {
    const base = measured(resultFor(native, model));
    if (!base) continue;
    const nativeTrain = median(base.trainSamplesPerSec), nativeInfer = median(base.inferSamplesPerSec);
    for (const engine of engines) {
      if (engine === native || engine.error || (reference !== 'native' && engine.engine.startsWith('native'))) continue;
      const result = measured(resultFor(engine, model));
      if (!result) continue;
      const train = median(result.trainSamplesPerSec), infer = median(result.inferSamplesPerSec);
      rows.push([model, `${engine.engine} (${engine.threads}t)`, formatRate(train), formatRate(nativeTrain), formatRatio(ratio(train, nativeTrain)),
        formatRate(infer), formatRate(nativeInfer), formatRatio(ratio(infer, nativeInfer))]);
    }
  }
  if (rows.length === 0) return '';
  return table(['model', 'engine', 'train /s', `${reference} train /s`, 'ratio', 'infer /s', `${reference} infer /s`, 'ratio'], rows);
}

/** The ratio tables, each with its heading, for the native references the run has. */
function ratioSections(models: string[], engines: EngineReport[]): string[] {
  const headings: [EngineName, string][] = [
    ['native', 'Each engine against native, same run (ratio = engine / native samples/s; goal for the WebAssembly engines: >= 0.30x):'],
    ['native-avx2', 'Each engine against native held to its AVX2 kernels, same run (what the native engine runs on a CPU without AVX-512; ratio = engine / native-avx2 samples/s):'],
  ];
  return headings.flatMap(([reference, heading]) => {
    const text = nativeRatioTable(models, engines, reference);
    return text ? [heading, '', text, ''] : [];
  });
}

/** Which phase takes the largest share of a training step. */
export function dominantPhase(result: SpeedResult): string {
  const b = result.breakdown;
  if (!b) return '-';
  const total = b.forwardMs + b.backwardMs + b.updateMs;
  const [name, ms] = ([['forward', b.forwardMs], ['backward', b.backwardMs], ['Adam update', b.updateMs]] as const).reduce((a, c) => (c[1] > a[1] ? c : a));
  return `${name} ${total > 0 ? Math.round((100 * ms) / total) : 0}%`;
}

export function breakdownTable(models: string[], engines: EngineReport[], torch: EngineReport | undefined): string {
  const rows: string[][] = [];
  for (const model of models) {
    for (const engine of [...engines, ...(torch ? [torch] : [])]) {
      const result = measured(resultFor(engine, model));
      if (!result?.breakdown) continue;
      const b = result.breakdown;
      rows.push([model, engine.engine, b.forwardMs.toFixed(1), b.backwardMs.toFixed(1), b.updateMs.toFixed(1), dominantPhase(result)]);
    }
  }
  return table(['model', 'engine', 'forward ms', 'backward ms', 'Adam ms', 'largest share'], rows);
}

function qualityFor(report: EngineReport | undefined, model: string): QualityResult | undefined {
  return report?.quality?.find((q) => q.model === model);
}

export function qualityTable(models: string[], epochs: number[], aekit: EngineReport, torch: EngineReport | undefined): string {
  const header = ['model', 'params'];
  for (const e of epochs) header.push(`aekit MSE @${e}`, `PyTorch @${e}`, 'ratio', `issue PyTorch @${e}`);
  header.push('within 5%', 'aekit s', 'PyTorch s');
  const rows = models.map((model) => {
    const ours = qualityFor(aekit, model);
    const theirs = qualityFor(torch, model);
    const row = [model, paramCell(model, ours?.params, theirs?.params)];
    let within = true;
    for (const e of epochs) {
      const a = ours?.testMse[String(e)];
      const t = theirs?.testMse[String(e)];
      const issue = ISSUE_TORCH_MSE[model]?.[String(e)];
      // Lower MSE is better: aekit passes when it is at most 5% above the reference.
      const reference = t ?? issue;
      if (a === undefined || reference === undefined || a > reference * 1.05) within = false;
      row.push(formatMse(a), formatMse(t), formatRatio(ratio(a, t)), formatMse(issue));
    }
    row.push(ours ? (within ? 'yes' : 'NO') : '-', ours ? ours.seconds.toFixed(0) : '-', theirs ? theirs.seconds.toFixed(0) : '-');
    return row;
  });
  return table(header, rows);
}

function engineLines(record: BenchRecord): string[] {
  const lines = record.engines.map((e) => `- aekit ${e.engine}: ${e.error ? `not measured: ${e.error}` : `${e.threads} thread(s); ${e.detail}`}`);
  const t = record.torch;
  lines.push(t ? `- PyTorch: ${t.error ? `column skipped: ${t.error}` : `${t.threads} thread(s); ${t.detail} (torch defaults to 1 thread here unless set)`}` : '- PyTorch: not run');
  return lines;
}

export function renderMarkdown(record: BenchRecord, models: string[]): string {
  const parts = [
    `# aekit bench (${record.kind}) ${record.date}`,
    '',
    `Command: \`${record.command}\`  `,
    `Machine: ${record.machine}; load average ${record.load[0].toFixed(1)} at start, ${record.load[1].toFixed(1)} at end` +
      (Math.max(...record.load) > 1.5 ? ' (other work was running: every number is lower than on an idle machine)' : '') +
      `; run took ${record.seconds} s`,
    `Settings: ${Object.entries(record.settings).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : String(v)}`).join('; ')}`,
    '',
    'Engines and threads:',
    ...engineLines(record),
    '',
  ];
  if (record.kind === 'speed') {
    parts.push(
      'Samples per second, median of the repetitions (warm-up excluded); ratio = aekit / PyTorch (>= 1 means aekit is at least as fast). ' +
        'Test MSE per pixel on the test images after the batches trained.',
      '',
      speedTable(models, record.engines, record.torch),
      '',
      ...ratioSections(models, record.engines),
      'Where a training step goes (ms per batch of 128, median of 3 batches):',
      '',
      breakdownTable(models, record.engines, record.torch),
    );
  } else {
    const epochs = record.settings['epochs'] as number[];
    for (const engine of record.engines.filter((e) => !e.error)) {
      parts.push(
        `Test MSE per pixel (10,000 test images) after full-MNIST epochs, aekit on ${engine.engine}; ratio = aekit / PyTorch (<= 1.05 passes).`,
        '',
        qualityTable(models, epochs, engine, record.torch),
      );
    }
  }
  return parts.join('\n') + '\n';
}
