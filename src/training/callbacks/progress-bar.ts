/**
 * Training progress for people. On a terminal: a live bar per epoch (batches, ETA, samples/s,
 * running loss) replaced at the epoch's end by a summary line. Elsewhere (logs, CI): only the
 * summary line, Keras-like:
 *   Epoch 3/10 - 12.3s - 4876 samples/s - loss: 0.0123 - val_loss: 0.0119 - lr: 1.0e-3
 */
import cliProgress from 'cli-progress';
import type { Callback, Logs, TrainingControl } from './callback.js';
import { formatLearningRate, formatMetric } from './format.js';

export interface ProgressBarOptions {
  /** Where to write; default process.stdout. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

export class ProgressBar implements Callback {
  readonly name = 'ProgressBar';
  private readonly stream: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly now: () => number;
  private bar: cliProgress.SingleBar | undefined;
  private epochStart = 0;
  private samplesSeen = 0;
  private weightedLoss = 0;

  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    this.now = options.now ?? Date.now;
  }

  onEpochBegin(epoch: number, control: TrainingControl): void {
    this.epochStart = this.now();
    this.samplesSeen = 0;
    this.weightedLoss = 0;
    if (!this.stream.isTTY) return;
    this.bar = new cliProgress.SingleBar({
      stream: this.stream,
      format: `Epoch ${epoch + 1}/${control.epochs} [{bar}] {value}/{total} - ETA {eta_formatted} - {speed} samples/s - loss: {loss}`,
      barsize: 24,
      clearOnComplete: true,
    });
    this.bar.start(control.stepsPerEpoch, 0, { speed: '-', loss: '-' });
  }

  onBatchEnd(batch: number, logs: Logs): void {
    const size = logs['size'] ?? 1;
    const loss = logs['loss'];
    if (loss !== undefined) this.weightedLoss += loss * size;
    this.samplesSeen += size;
    if (!this.bar) return;
    const seconds = (this.now() - this.epochStart) / 1000;
    this.bar.update(batch + 1, {
      speed: seconds > 0 ? Math.round(this.samplesSeen / seconds) : '-',
      loss: formatMetric(this.weightedLoss / this.samplesSeen),
    });
  }

  onEpochEnd(epoch: number, logs: Logs, control: TrainingControl): void {
    this.bar?.stop();
    this.bar = undefined;
    const seconds = (this.now() - this.epochStart) / 1000;
    const samples = this.samplesSeen > 0 ? this.samplesSeen : control.samplesPerEpoch;
    const parts = [`Epoch ${epoch + 1}/${control.epochs}`, `${seconds.toFixed(1)}s`];
    if (seconds > 0) parts.push(`${Math.round(samples / seconds)} samples/s`);
    parts.push(...metricParts(logs));
    this.stream.write(parts.join(' - ') + '\n');
  }

  onTrainEnd(_logs: Logs, control: TrainingControl): void {
    if (control.stopReason) this.stream.write(control.stopReason + '\n');
  }
}

/** Training terms first (loss leading), then validation terms, then the learning rate. */
function metricParts(logs: Logs): string[] {
  const keys = Object.keys(logs).filter((key) => key !== 'size' && key !== 'lr');
  const train = keys.filter((key) => !key.startsWith('val_')).sort(lossFirst);
  const validation = keys.filter((key) => key.startsWith('val_')).sort(lossFirst);
  const parts = [...train, ...validation].map((key) => `${key}: ${formatMetric(logs[key]!)}`);
  if (logs['lr'] !== undefined) parts.push(`lr: ${formatLearningRate(logs['lr'])}`);
  return parts;
}

function lossFirst(a: string, b: string): number {
  const rank = (key: string) => (key === 'loss' || key === 'val_loss' ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
