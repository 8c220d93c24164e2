import type { Command } from 'commander';
import * as path from 'node:path';
import { train } from '../../training/run.js';
import { runFile } from '../../training/run-layout.js';
import { addEngineOptions, parseInteger, type EngineOptions } from '../options.js';
import { startEngine } from '../context.js';

interface DemoFlags extends EngineOptions {
  dataset: string;
  epochs: number;
  limit: number;
  runsDir: string;
  seed: number;
}

export function registerDemoCommand(program: Command): void {
  const command = program
    .command('demo')
    .description("reproduce the seed tutorial: train its convolutional autoencoder ('approach 1', conv1) briefly on MNIST and write the originals-vs-reconstructions figure")
    .option('--dataset <name>', "'mnist' or 'fashion-mnist'", 'mnist')
    .option('--epochs <n>', 'epochs', parseInteger('--epochs', 1), 2)
    .option('--limit <n>', 'training images (the test split is limited the same way)', parseInteger('--limit', 1), 6000)
    .option('--runs-dir <dir>', 'where the run folder goes', 'runs')
    .option('--seed <n>', 'seed', parseInteger('--seed', 0), 42);
  addEngineOptions(command);
  command.addHelpText('after', '\nExamples:\n  aekit demo\n  aekit demo --dataset fashion-mnist --epochs 10 --limit 60000\n');
  command.action(async (flags: DemoFlags) => {
    const engine = await startEngine(flags);
    process.stdout.write(`aekit demo: conv1 (6,705 parameters) on ${flags.dataset}, ${flags.limit} images, ${flags.epochs} epoch(s), engine '${engine.name}'\n`);
    const result = await train({
      model: 'conv1',
      dataset: flags.dataset,
      limit: flags.limit,
      epochs: flags.epochs,
      seed: flags.seed,
      runsDir: flags.runsDir,
    });
    const png = path.relative(process.cwd(), runFile(result.runDir, 'reconstructions'));
    const valLoss = result.status.last?.['val_loss'];
    process.stdout.write(
      `\nTest MSE per pixel: ${valLoss?.toFixed(4) ?? 'n/a'}\nReconstruction grid (10 test originals above their reconstructions): ${png}\nRun folder: ${path.relative(process.cwd(), result.runDir)}\n`,
    );
  });
}
