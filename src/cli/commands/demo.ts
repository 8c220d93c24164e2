import type { Command } from 'commander';
import * as path from 'node:path';
import { train } from '../../training/run.js';
import { runFile } from '../../training/run-layout.js';
import { addDatasetOptions, addEngineOptions, addJsonOption, addLimitOption, addSeedOption, parseInteger, type EngineOptions, type JsonOption } from '../options.js';
import { startEngine } from '../context.js';
import { commandOutput, plural } from '../output.js';

interface DemoFlags extends EngineOptions, JsonOption {
  dataset: string;
  dataDir?: string;
  epochs: number;
  limit: number;
  runsDir: string;
  seed: number;
}

/**
 * The first thing a newcomer runs: the seed's dense autoencoder with one hidden layer of 256 on
 * each side (784-256-32-256-784), on all 60,000 MNIST training images for 8 epochs: test MSE
 * 0.0077, 28-33 s on the native engine as measured on the 2-core machine under a load average of
 * 14-15 (no quiet-machine figure yet), with digits one reads at a glance. Measured alternatives: the
 * seed's 784-32-784 reaches 0.010 in 7 s but blurs 2s, 4s and 9s; the seed's conv1 (a 2x2x8 code)
 * is still at 0.033 after 23 s of training.
 */
export const DEMO_SETTINGS = { model: 'dense', modelOptions: { hidden: [256] }, epochs: 8, limit: 60000, batchSize: 128, learningRate: 2e-3, seed: 42 } as const;
const DEMO_MODEL = 'dense 784-256-32-256-784 autoencoder (419,120 parameters)';

export function registerDemoCommand(program: Command): void {
  const command = program
    .command('demo')
    .description('train a dense 784-256-32-256-784 autoencoder on MNIST (about 30 s), print its test MSE and write test digits above their reconstructions')
    .option('--epochs <n>', 'epochs', parseInteger('--epochs', 1), DEMO_SETTINGS.epochs)
    .option('--runs-dir <dir>', 'where the run folder goes', 'runs');
  addDatasetOptions(command);
  addLimitOption(command, DEMO_SETTINGS.limit);
  addSeedOption(command, 'weights and shuffling', DEMO_SETTINGS.seed);
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText('after', '\nExamples:\n  aekit demo\n  aekit demo --dataset fashion-mnist --epochs 20\n');
  command.action(async (flags: DemoFlags) => {
    const output = commandOutput(flags);
    const started = Date.now();
    const engine = await startEngine(flags);
    output.note(`aekit demo: a ${DEMO_MODEL} on ${flags.dataset}, up to ${flags.limit.toLocaleString('en-US')} training images, ${plural(flags.epochs, 'epoch')}, engine '${engine.name}'`);
    const result = await train({
      model: DEMO_SETTINGS.model,
      modelOptions: { hidden: [...DEMO_SETTINGS.modelOptions.hidden] },
      dataset: flags.dataset,
      ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
      limit: flags.limit,
      epochs: flags.epochs,
      batchSize: DEMO_SETTINGS.batchSize,
      learningRate: DEMO_SETTINGS.learningRate,
      seed: flags.seed,
      runsDir: flags.runsDir,
      progress: output.progress,
    });
    const run = path.relative(process.cwd(), result.runDir) || '.';
    const figure = path.relative(process.cwd(), runFile(result.runDir, 'reconstructions'));
    const testMse = result.status.last?.['val_loss'];
    const seconds = (Date.now() - started) / 1000;
    const next = [
      `aekit report ${run}`,
      `aekit serve ${path.relative(process.cwd(), path.resolve(flags.runsDir)) || '.'}`,
      `aekit train --model conv2 --dataset ${flags.dataset} --epochs 10 --name my-first-conv`,
    ];
    output.result(
      { model: DEMO_SETTINGS.model, dataset: flags.dataset, epochs: result.status.epochsDone, engine: engine.name, testMse, seconds, reconstructions: figure, runDir: run, next },
      [
        '',
        `Test MSE per pixel: ${testMse?.toFixed(4) ?? 'n/a'} (${seconds.toFixed(1)} s)`,
        `Reconstructions (10 test digits above what the model made of them): ${figure}`,
        `Run folder: ${run}`,
        '',
        'Next, try:',
        `  ${next[0]}    # one HTML page: curves, metrics against PCA, code space, denoising`,
        `  ${next[1]}    # the dashboard: live curves, the code space, anomalies, new runs`,
        `  ${next[2]}    # a convolutional autoencoder`,
      ].join('\n'),
    );
  });
}
