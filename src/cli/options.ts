/**
 * Shared option parsers and option groups for the CLI, so every command validates numbers,
 * choices and paths the same way and reports the option, the expected and the found value.
 */
import { Option, type Command } from 'commander';
import { UsageError } from './errors.js';
import { MISSING_POLICIES, type CsvReadOptions, type MissingPolicy } from '../data/csv.js';

export function parseInteger(option: string, min = 0, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`option ${option}: expected a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any size' : max}, got '${value}'`);
    }
    return n;
  };
}

export function parseNumber(option: string, min = -Infinity, max = Infinity, exclusiveMin = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    const tooSmall = exclusiveMin ? n <= min : n < min;
    if (value.trim() === '' || !Number.isFinite(n) || tooSmall || n > max) {
      const range = `${exclusiveMin ? '>' : '>='} ${min}${max !== Infinity ? ` and <= ${max}` : ''}`;
      throw new UsageError(`option ${option}: expected a number ${range}, got '${value}'`);
    }
    return n;
  };
}

/** '28x28' or '28,28' -> [28, 28]. */
export function parseSize(option: string): (value: string) => [number, number] {
  return (value) => {
    const match = /^(\d+)[x,](\d+)$/.exec(value.trim());
    if (!match) throw new UsageError(`option ${option}: expected HEIGHTxWIDTH such as 28x28, got '${value}'`);
    return [Number(match[1]), Number(match[2])];
  };
}

/** --backend and --threads: every command that computes takes them. */
export function addEngineOptions(command: Command): Command {
  return command
    .addOption(new Option('--backend <name>', 'compute engine').choices(['auto', 'tensorflow', 'native', 'wasm-simd', 'wasm', 'cpu']).default('auto'))
    .option('--threads <n>', 'worker threads for the native/wasm engines (default: all cores)', parseInteger('--threads', 1, 256));
}

/** Dataset selection: a builtin name or a path to user data, plus where to look and how much. */
export function addDataOptions(command: Command, defaultDataset = 'mnist'): Command {
  return addCsvOptions(
    command
      .option('--dataset <name|path>', "'mnist', 'fashion-mnist', or a folder of images / .csv / .npy file", defaultDataset)
      .option('--data-dir <dir>', 'folder with the IDX files (also: env AEKIT_DATA_DIR)')
      .option('--limit <n>', 'use only the first N samples of each split (quick runs)', parseInteger('--limit', 1))
      .option('--image-size <HxW>', 'resize user images to this size', parseSize('--image-size'))
      .option('--no-download', 'never download a missing dataset'),
  );
}

/** '2' -> 2 (a 0-based index), anything else a column name. */
function columnRef(value: string): string | number {
  return /^\d+$/.test(value.trim()) ? Number(value) : value;
}

/**
 * How a .csv dataset is read. The flags are gathered into `csv` (CsvReadOptions) before the
 * action runs, so every command hands them to the loader as one value.
 */
function addCsvOptions(command: Command): Command {
  return command
    .option('--header', 'CSV: the first row holds column names (default: detected, a header when none of its cells is a number)')
    .option('--no-header', 'CSV: the first row is data')
    .option('--label-column <name|index>', 'CSV: the column holding labels (kept as labels, not features); a name or a 0-based index')
    .option('--columns <list>', 'CSV: the feature columns, comma-separated names or 0-based indices (default: all but the label column)')
    .addOption(new Option('--missing <policy>', 'CSV: an empty / NA cell is an error naming its line and column, or its row is dropped, or it gets the column mean').choices([...MISSING_POLICIES]))
    .hook('preAction', (self) => {
      const flags = self.opts<{ header?: boolean; labelColumn?: string; columns?: string; missing?: MissingPolicy }>();
      const csv: CsvReadOptions = {
        ...(flags.header !== undefined ? { header: flags.header } : {}),
        ...(flags.labelColumn !== undefined ? { labelColumn: columnRef(flags.labelColumn) } : {}),
        ...(flags.columns !== undefined ? { columns: flags.columns.split(',').map(columnRef) } : {}),
        ...(flags.missing !== undefined ? { missing: flags.missing } : {}),
      };
      if (flags.columns !== undefined && flags.columns.split(',').some((c) => c.trim() === '')) {
        throw new UsageError(`option --columns: expected comma-separated column names or indices, got '${flags.columns}'`);
      }
      if (Object.keys(csv).length > 0) self.setOptionValue('csv', csv);
    });
}

export interface EngineOptions {
  backend: 'auto' | 'tensorflow' | 'native' | 'wasm-simd' | 'wasm' | 'cpu';
  threads?: number;
}

export interface DataOptions {
  dataset: string;
  dataDir?: string;
  limit?: number;
  imageSize?: [number, number];
  download: boolean;
  /** Gathered from --header / --no-header, --label-column, --columns, --missing. */
  csv?: CsvReadOptions;
}
