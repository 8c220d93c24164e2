import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { datasetSamples } from '../../data/samples.js';
import { runFile } from '../../training/run-layout.js';
import { writeRunReport } from '../../report/index.js';
import { UsageError } from '../errors.js';
import { addEngineOptions, parseInteger, type EngineOptions } from '../options.js';
import { loadModelArg, startEngine } from '../context.js';
import { loadSplit } from '../../data/splits.js';

interface ReportFlags extends EngineOptions {
  out?: string;
  testLimit: number;
  pcaSamples: number;
  dataDir?: string;
}

interface RunConfigFields {
  dataset?: string;
  dataDir?: string;
  imageSize?: [number, number];
  imageShape?: [number, number, number];
  classNames?: string[];
}

export function registerReportCommand(program: Command): void {
  const command = program
    .command('report')
    .argument('<run-dir>', 'a run folder written by aekit train')
    .description('write one self-contained HTML report of a run (and Markdown beside it): summary, curves, grids, metrics, PCA comparison, denoising, generation')
    .option('--out <report.html>', 'output HTML file (default RUN_DIR/report.html; the Markdown goes beside it as .md)')
    .option('--test-limit <n>', 'test samples measured', parseInteger('--test-limit', 1), 2000)
    .option('--pca-samples <n>', 'training samples the PCA baseline is fitted on', parseInteger('--pca-samples', 2), 10000)
    .option('--data-dir <dir>', "where the run's dataset is (default: as recorded in config.json)");
  addEngineOptions(command);
  command.addHelpText('after', '\nExamples:\n  aekit report runs/my-run\n  aekit report runs/my-run --out my-run.html --test-limit 10000\n');
  command.action(async (runDir: string, flags: ReportFlags) => {
    let config: RunConfigFields;
    try {
      config = JSON.parse(await fs.readFile(runFile(runDir, 'config'), 'utf8')) as RunConfigFields;
    } catch (error) {
      throw new UsageError(`run ${runDir}: cannot read ${path.join(runDir, 'config.json')} (${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file; is this a run folder?' : (error as Error).message})`);
    }
    if (!config.dataset) throw new UsageError(`run ${runDir}: config.json does not name a dataset`);
    await startEngine(flags);
    const { autoencoder } = await loadModelArg(runDir);
    const data = { dataset: config.dataset, download: false, ...(flags.dataDir ?? config.dataDir ? { dataDir: flags.dataDir ?? config.dataDir } : {}), ...(config.imageSize ? { imageSize: config.imageSize } : {}) };
    const testSet = await loadSplit({ ...data, limit: flags.testLimit }, 'test');
    const trainSet = await loadSplit({ ...data, limit: flags.pcaSamples }, 'train');
    const out = flags.out ?? path.join(runDir, 'report.html');
    const written = await writeRunReport(
      {
        runDir,
        model: autoencoder,
        test: datasetSamples(testSet, autoencoder.inputShape),
        train: datasetSamples(trainSet, autoencoder.inputShape),
        imageShape: testSet.shape,
        datasetName: testSet.name,
        pcaSamples: flags.pcaSamples,
        ...(testSet.classNames ? { classNames: testSet.classNames } : {}),
      },
      out,
    );
    process.stdout.write(`wrote ${written.html} and ${written.markdown}\n`);
  });
}
