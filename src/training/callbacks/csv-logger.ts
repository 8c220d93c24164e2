/**
 * One CSV row per epoch (Keras `CSVLogger` format: `epoch,<sorted metric names>`, epoch counted
 * from 0). The header (a new file) is written atomically; rows are appended so a long run never
 * rewrites the whole file. `append` continues an existing file for resumed runs; a run that
 * resumes from a checkpoint first rewrites the file from its history (`csvLogText`), so rows
 * appended after the checkpoint by the interrupted process are not repeated.
 */
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../../util/atomic.js';
import { namedWrite } from '../../util/file-errors.js';
import type { Callback, Logs } from './callback.js';
import type { LogFunction } from './monitor-callback.js';

export interface CSVLoggerOptions {
  filename: string;
  separator?: string;
  /** Continue an existing file (keeping its header) instead of starting a new one. Default false. */
  append?: boolean;
  log?: LogFunction;
}

export class CSVLogger implements Callback {
  readonly name = 'CSVLogger';
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private readonly log: LogFunction;
  /** Metric columns after 'epoch'; fixed by the existing header or by the first epoch's logs. */
  private columns: string[] | undefined;
  private warnedExtra = false;

  constructor(options: CSVLoggerOptions) {
    if (typeof options.filename !== 'string' || options.filename === '') {
      throw new Error(`CSVLogger: option 'filename' must be a file path, got ${JSON.stringify(options.filename)}`);
    }
    this.filename = options.filename;
    this.separator = options.separator ?? ',';
    if (this.separator.length !== 1 || /[\n\r"]/.test(this.separator)) {
      throw new Error(`CSVLogger: option 'separator' must be one character other than a quote or newline, got ${JSON.stringify(this.separator)}`);
    }
    this.append = options.append ?? false;
    this.log = options.log ?? ((message) => console.warn(message));
  }

  async onTrainBegin(): Promise<void> {
    this.columns = undefined;
    if (this.append) this.columns = await this.readHeader();
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.columns === undefined) {
      this.columns = Object.keys(logs).sort();
      await writeFileAtomic(this.filename, csvRow(['epoch', ...this.columns], this.separator));
    }
    this.warnAboutExtraKeys(logs);
    // Keras writes 'NA' for a metric missing from this epoch's logs.
    const values = this.columns.map((key) => (logs[key] === undefined ? 'NA' : String(logs[key])));
    await namedWrite(this.filename, () => fs.appendFile(this.filename, csvRow([String(epoch), ...values], this.separator)));
  }

  /** Columns of an existing file's header, or undefined when there is no file to continue. */
  private async readHeader(): Promise<string[] | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.filename, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const header = text.split('\n', 1)[0]!.replace(/\r$/, '');
    if (header === '') return undefined;
    const names = header.split(this.separator);
    if (names[0] !== 'epoch') {
      throw new Error(`CSVLogger: cannot append to '${this.filename}': its header should start with 'epoch${this.separator}', found '${header}'`);
    }
    if (!text.endsWith('\n')) await namedWrite(this.filename, () => fs.appendFile(this.filename, '\n'));
    return names.slice(1);
  }

  private warnAboutExtraKeys(logs: Logs): void {
    const extra = Object.keys(logs).filter((key) => !this.columns!.includes(key));
    if (extra.length === 0 || this.warnedExtra) return;
    this.warnedExtra = true;
    this.log(`CSVLogger: '${this.filename}' has no column for ${extra.join(', ')} (its header was fixed earlier); those values are not written.`);
  }
}

function csvRow(cells: string[], separator: string): string {
  return cells.map((cell) => (cell.includes(separator) ? `"${cell}"` : cell)).join(separator) + '\n';
}

/**
 * The whole file CSVLogger would have written for these epochs and per-epoch metrics (arrays
 * aligned with `epochs`), or '' when there is no epoch yet.
 */
export function csvLogText(epochs: number[], metrics: Record<string, number[]>, separator = ','): string {
  if (epochs.length === 0) return '';
  const columns = Object.keys(metrics).sort();
  const rows = epochs.map((epoch, i) => csvRow([String(epoch), ...columns.map((key) => (metrics[key]![i] === undefined ? 'NA' : String(metrics[key]![i])))], separator));
  return csvRow(['epoch', ...columns], separator) + rows.join('');
}
