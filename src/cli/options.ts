/**
 * The CLI's vocabulary: value parsers that name the option, the expected and the found value,
 * and the flags every command shares (--model, --dataset, --limit, --out, --seed, --json, the
 * engine), each defined once here so it means the same thing in every command. The vocabulary
 * test walks every registered command and checks that these flags come from here.
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

/** A class by label number ('3') or by name ('malignant', 'Trouser'). */
export function parseClassRef(option: string): (value: string) => number | string {
  return (value) => {
    if (/^\d+$/.test(value.trim())) return parseInteger(option, 0)(value);
    if (value.trim() === '') throw new UsageError(`option ${option}: expected a label number or a class name, got ''`);
    return value;
  };
}

export function parseNumber(option: string, min = -Infinity, max = Infinity, exclusiveMin = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    const tooSmall = exclusiveMin ? n <= min : n < min;
    if (value.trim() === '' || !Number.isFinite(n) || tooSmall || n > max) {
      const range = min === -Infinity ? (max === Infinity ? '' : ` <= ${max}`) : ` ${exclusiveMin ? '>' : '>='} ${min}${max !== Infinity ? ` and <= ${max}` : ''}`;
      throw new UsageError(`option ${option}: expected a number${range}, got '${value}'`);
    }
    return n;
  };
}

/** '28x28' or '28,28' -> [28, 28]. */
export function parseSize(option: string): (value: string) => [number, number] {
  return (value) => {
    const match = /^(\d+)[x,](\d+)$/.exec(value.trim());
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new UsageError(`option ${option}: expected HEIGHTxWIDTH such as 28x28, got '${value}'`);
    return [Number(match[1]), Number(match[2])];
  };
}

/** The options made by this file's helpers: the vocabulary test checks shared flags come from here. */
const SHARED_OPTIONS = new WeakSet<Option>();

/** Help headings of the shared flags, so every command's help reads the same. */
const GROUP = { data: 'Model and data:', csv: 'CSV datasets:', output: 'Output:', engine: 'Engine:' } as const;

function shared(option: Option, group?: string): Option {
  SHARED_OPTIONS.add(option);
  return group ? option.helpGroup(group) : option;
}

/** True when `option` was defined by one of the shared helpers below. */
export function isSharedOption(option: Option): boolean {
  return SHARED_OPTIONS.has(option);
}

/** The long flags that must mean the same everywhere, so must come from the helpers here. */
export const SHARED_FLAGS = ['--model', '--dataset', '--data-dir', '--limit', '--out', '--seed', '--json', '--backend', '--threads'] as const;

export const MODEL_HELP = 'the model: a name from `aekit summary --help` (a new, untrained model) or a saved model / run folder (a trained one)';

/**
 * --model: every command takes a model the same way. Which kind a command needs (a name to
 * build, or a trained model to load) is checked when it is used (context.ts).
 */
export function addModelOption(command: Command, options: { required?: boolean; defaultName?: string } = {}): Command {
  const option = new Option('--model <name|path>', MODEL_HELP);
  if (options.defaultName) option.default(options.defaultName);
  else if (options.required !== false) option.makeOptionMandatory();
  return command.addOption(shared(option, GROUP.data));
}

/** --out: the file (or folder) the command writes; `what` says which and in which format. */
export function addOutOption(command: Command, what: string, options: { required?: boolean; default?: string } = {}): Command {
  const option = new Option('--out <path>', `where to write ${what}`);
  if (options.default !== undefined) option.default(options.default);
  else if (options.required) option.makeOptionMandatory();
  return command.addOption(shared(option, GROUP.output));
}

/** --seed: the seed of every random choice the command makes, so a run repeats exactly. */
export function addSeedOption(command: Command, uses: string, defaultSeed?: number): Command {
  const option = new Option('--seed <n>', `random seed (${uses}); the same seed repeats the same result`).argParser(parseInteger('--seed', 0, 2 ** 31 - 1));
  if (defaultSeed !== undefined) option.default(defaultSeed);
  return command.addOption(shared(option));
}

/** --json: the result as one JSON object on stdout, nothing else there (messages and progress go to stderr). */
export function addJsonOption(command: Command): Command {
  return command.addOption(shared(new Option('--json', 'print the result as one JSON object on stdout (messages and progress go to stderr)'), GROUP.output));
}

/** --limit: how many samples of each split a command reads. */
export function addLimitOption(command: Command, defaultLimit?: number): Command {
  const option = new Option('--limit <n>', 'use only the first N samples of each split (quick runs)').argParser(parseInteger('--limit', 1));
  if (defaultLimit !== undefined) option.default(defaultLimit);
  return command.addOption(shared(option, GROUP.data));
}

/** --backend and --threads: every command that computes takes them. */
export function addEngineOptions(command: Command): Command {
  return command
    .addOption(shared(new Option('--backend <name>', 'compute engine').choices(['auto', 'tensorflow', 'native', 'wasm-simd', 'wasm', 'cpu']).default('auto'), GROUP.engine))
    .addOption(shared(new Option('--threads <n>', 'worker threads for the native/wasm engines (default: all cores)').argParser(parseInteger('--threads', 1, 256)), GROUP.engine));
}

/** --data-dir: where the builtin datasets' IDX files are. */
export function addDataDirOption(command: Command): Command {
  return command.addOption(shared(new Option('--data-dir <dir>', 'folder with the MNIST / Fashion-MNIST IDX files (also: env AEKIT_DATA_DIR)'), GROUP.data));
}

/** --dataset and where to find it. */
export function addDatasetOptions(command: Command, defaultDataset = 'mnist'): Command {
  command.addOption(shared(new Option('--dataset <name|path>', "'mnist', 'fashion-mnist', or a folder of images / .csv / .npy file").default(defaultDataset), GROUP.data));
  return addDataDirOption(command);
}

/** Dataset selection: a builtin name or a path to user data, plus where to look, how much and how to read a CSV. */
export function addDataOptions(command: Command, defaultDataset = 'mnist'): Command {
  addDatasetOptions(command, defaultDataset);
  addLimitOption(command);
  return addCsvOptions(
    command
      .addOption(new Option('--image-size <HxW>', 'resize user images to this size').argParser(parseSize('--image-size')).helpGroup(GROUP.data))
      .addOption(new Option('--no-download', 'never download a missing dataset').helpGroup(GROUP.data)),
  );
}

/** '2' -> 2 (a 0-based index), anything else a column name. */
function columnRef(value: string): string | number {
  return /^\d+$/.test(value.trim()) ? Number(value) : value;
}

/**
 * How a .csv dataset is read. The flags are gathered into `csv` (CsvReadOptions) before the
 * action runs, so every command hands them to the loader as one value; it holds only the flags
 * given, so each can default to how the model's run read its CSV (`csvOptionsFor`).
 */
export function addCsvOptions(command: Command): Command {
  return command
    .addOption(new Option('--header', 'the first row holds column names (default: detected, a header when none of its cells is a number)').helpGroup(GROUP.csv))
    .addOption(new Option('--no-header', 'the first row is data').helpGroup(GROUP.csv))
    .addOption(new Option('--label-column <name|index>', 'the column holding labels (kept as labels, not features); a name or a 0-based index').helpGroup(GROUP.csv))
    .addOption(new Option('--columns <list>', "the feature columns, comma-separated names or 0-based indices (default: all but the label column; with a trained model, its training header's names, found by name)").helpGroup(GROUP.csv))
    .addOption(new Option('--missing <policy>', 'an empty / NA cell is an error naming its line and column, or its row is dropped, or it gets the column mean').choices([...MISSING_POLICIES]).helpGroup(GROUP.csv))
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

export interface JsonOption {
  json?: boolean;
}
