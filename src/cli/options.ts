/**
 * Shared option parsers and option groups for the CLI, so every command validates numbers,
 * choices and paths the same way and reports the option, the expected and the found value.
 */
import { Option, type Command } from 'commander';
import { UsageError } from './errors.js';

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
  return command
    .option('--dataset <name|path>', "'mnist', 'fashion-mnist', or a folder of images / .csv / .npy file", defaultDataset)
    .option('--data-dir <dir>', 'folder with the IDX files (also: env AEKIT_DATA_DIR)')
    .option('--limit <n>', 'use only the first N samples of each split (quick runs)', parseInteger('--limit', 1))
    .option('--image-size <HxW>', 'resize user images to this size', parseSize('--image-size'))
    .option('--no-download', 'never download a missing dataset');
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
}
