import { Option, type Command } from 'commander';
import * as path from 'node:path';
import { resumeRun, train, defaultRunName, type RunResult } from '../../training/run.js';
import { runFile } from '../../training/run-layout.js';
import { stopActiveRuns } from '../../training/active-runs.js';
import { addDataOptions, addEngineOptions, addJsonOption, addModelOption, addSeedOption, parseClassRef, parseInteger, parseNumber, type DataOptions, type EngineOptions, type JsonOption } from '../options.js';
import { modelNameArg, startEngine } from '../context.js';
import { UsageError } from '../errors.js';
import { checkModelOptions, collectModelOption, MODEL_OPTION_HELP } from '../model-options.js';
import { commandOutput, plural, type CommandOutput } from '../output.js';
import { SCALINGS, type ScalingKind } from '../../data/scaling.js';

interface TrainFlags extends DataOptions, EngineOptions, JsonOption {
  model: string;
  epochs: number;
  batchSize: number;
  lr: number;
  loss?: 'mse' | 'bce';
  validation: string;
  seed?: number;
  patience: number;
  reduceLr: boolean;
  shuffle: boolean;
  runsDir: string;
  name?: string;
  option: Record<string, unknown>;
  resume?: string;
  normalClass?: number | string;
  scale?: ScalingKind;
}

function parseValidation(value: string): 'test' | number {
  if (value === 'test') return 'test';
  const fraction = Number(value);
  // Holding out everything (1) would leave nothing to train on.
  if (value.trim() === '' || !Number.isFinite(fraction) || fraction <= 0 || fraction >= 1) {
    throw new UsageError(`option --validation: expected 'test' or a fraction > 0 and < 1 of the training data to hold out, got '${value}'`);
  }
  return fraction;
}

/**
 * On SIGTERM/SIGINT the last completed epoch is already saved: mark the run this process trains
 * 'stopped' and leave. A process that holds no run yet (still reading data, or refused) changes nothing.
 */
function stopOnSignal(): void {
  const stop = (signal: NodeJS.Signals) => {
    void (async () => {
      try {
        const stopped = await stopActiveRuns(`stopped by ${signal}`);
        const what = stopped.length ? `stopped; resume with: ${stopped.map((dir) => `aekit train --resume ${dir}`).join(', ')}` : 'stopped before training began';
        process.stderr.write(`\naekit: ${signal}: ${what}\n`);
      } finally {
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
    })();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** What train prints: the run folder, what it reached, and where its pieces are. */
function report(result: RunResult, output: CommandOutput): void {
  const last = result.status.last ?? {};
  const metrics = Object.entries(last).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ');
  const files = {
    best: runFile(result.runDir, 'best'),
    reconstructions: runFile(result.runDir, 'reconstructions'),
    tensorboard: runFile(result.runDir, 'tensorboard'),
  };
  output.result(
    {
      runDir: result.runDir,
      state: result.status.state,
      epochsDone: result.status.epochsDone,
      ...(result.status.stopReason ? { stopReason: result.status.stopReason } : {}),
      last,
      ...files,
    },
    () =>
      [
        `Run: ${result.runDir}`,
        `  ${plural(result.status.epochsDone, 'epoch')}${result.status.stopReason ? ` (${result.status.stopReason})` : ''}; last epoch: ${metrics}`,
        `  best model: ${files.best}`,
        `  reconstructions: ${files.reconstructions}`,
        `  TensorBoard: tensorboard --logdir ${files.tensorboard}`,
      ].join('\n'),
  );
}

export function registerTrainCommand(program: Command): void {
  const command = program
    .command('train')
    .description('train an autoencoder and keep the run (config, metrics, TensorBoard logs, best and last model, reconstructions) in a folder')
    .option('-o, --option <key=value>', MODEL_OPTION_HELP, collectModelOption, {})
    .option('--epochs <n>', 'epochs to train', parseInteger('--epochs', 1), 10)
    .option('--batch-size <n>', 'samples per batch', parseInteger('--batch-size', 1), 128)
    .option('--lr <rate>', 'Adam learning rate', parseNumber('--lr', 0, 10, true), 1e-3)
    .addOption(new Option('--loss <name>', 'reconstruction loss (default: the model\'s)').choices(['mse', 'bce']))
    .option('--validation <test|fraction>', "validate on the test split ('test') or hold out a fraction of the training data", 'test')
    .option('--patience <n>', 'EarlyStopping patience on val_loss, 0 disables', parseInteger('--patience', 0), 8)
    .option('--no-reduce-lr', 'disable ReduceLROnPlateau (factor 0.2, patience 4, min 1e-6)')
    .option('--no-shuffle', 'keep the sample order')
    .option('--runs-dir <dir>', 'where run folders go', 'runs')
    .option('--name <name>', 'run folder name (default: time-model-dataset)')
    .option('--normal-class <k|name>', 'one-class training: train and validate on the samples of class k only, a label number or a class name (a CSV\'s text label); aekit detect then scores every class against it', parseClassRef('--normal-class'))
    .addOption(new Option('--scale <kind>', 'feature scaling fitted on the training data, saved with the model and applied to everything it later scores or encodes (default: minmax for a .csv dataset, else none)').choices([...SCALINGS]))
    .option('--resume <run-dir>', 'continue a stopped or killed run from its last completed epoch (other options except --epochs are taken from the run)');
  addModelOption(command, { defaultName: 'conv1' });
  addSeedOption(command, 'weights, shuffling and noise; default: a random one, recorded in config.json');
  addDataOptions(command);
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText(
    'after',
    `
Examples:
  aekit train --model conv1 --dataset mnist --epochs 10
  aekit train --model dense --epochs 10 --name my-run          # the run other commands' examples use
  aekit train --model dense --dataset fashion-mnist --epochs 20 --loss bce --seed 1
  aekit train --model vae -o latentSize=2 --epochs 30 --limit 10000 --name vae
  aekit train --model conv1 --dataset ./my-images --image-size 28x28 --validation 0.1
  aekit train --model dense --normal-class 1 --epochs 5 --limit 20000 --name ones-only
  aekit train --model dense --dataset table.csv --label-column class --scale standard -o outputActivation=linear --name my-table
  aekit train --resume runs/my-run --epochs 20                 # 20 epochs in all
`,
  );
  command.action(async (flags: TrainFlags) => {
    const output = commandOutput(flags);
    const validation = parseValidation(flags.validation);
    await startEngine(flags);
    let result: RunResult;
    if (flags.resume) {
      const runDir = path.resolve(flags.resume);
      stopOnSignal();
      const epochsGiven = command.getOptionValueSource('epochs') === 'cli';
      result = await resumeRun(runDir, { ...(epochsGiven ? { epochs: flags.epochs } : {}), progress: output.progress });
    } else {
      const model = await modelNameArg(flags.model, 'to train it further use --resume RUN_DIR');
      checkModelOptions(model, flags.option, flags.loss);
      const name = flags.name ?? defaultRunName(model, flags.dataset);
      if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === '.' || name === '..') throw new UsageError(`option --name: use letters, digits, '.', '_' and '-' only, got '${name}'`);
      stopOnSignal();
      result = await train({
        model,
        modelOptions: flags.option,
        ...(flags.loss ? { loss: flags.loss } : {}),
        dataset: flags.dataset,
        ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
        ...(flags.limit ? { limit: flags.limit } : {}),
        ...(flags.imageSize ? { imageSize: flags.imageSize } : {}),
        ...(flags.csv ? { csv: flags.csv } : {}),
        ...(flags.normalClass !== undefined ? { normalClass: flags.normalClass } : {}),
        scale: flags.scale ?? (path.extname(flags.dataset).toLowerCase() === '.csv' ? 'minmax' : 'none'),
        download: flags.download,
        epochs: flags.epochs,
        batchSize: flags.batchSize,
        learningRate: flags.lr,
        shuffle: flags.shuffle,
        validation,
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        patience: flags.patience,
        ...(flags.reduceLr ? {} : { reduceLr: false as const }),
        runsDir: flags.runsDir,
        name,
        progress: output.progress,
      });
    }
    report(result, output);
  });
}
