import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { datasetSamples } from '../../data/samples.js';
import { runFile } from '../../training/run-layout.js';
import { writeRunReport } from '../../report/index.js';
import { UsageError } from '../errors.js';
import { addDataDirOption, addEngineOptions, addJsonOption, addLimitOption, addOutOption, parseInteger, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { loadModelArg, startEngine } from '../context.js';
import { loadSplit } from '../../data/splits.js';

interface ReportFlags extends EngineOptions, JsonOption {
  out?: string;
  limit: number;
  pcaSamples?: number;
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
    .option('--pca-samples <n>', 'training samples the PCA baseline is fitted on (default 10000, at most --limit)', parseInteger('--pca-samples', 2));
  addOutOption(command, 'the HTML report (default RUN_DIR/report.html; the Markdown and its figures go beside it)');
  addLimitOption(command, 2000);
  addDataDirOption(command);
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText('after', '\nExamples:\n  aekit report runs/my-run\n  aekit report runs/my-run --out my-run.html --limit 10000\n');
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
    const output = commandOutput(flags);
    const pcaSamples = Math.min(flags.pcaSamples ?? 10000, flags.limit);
    const testSet = await loadSplit({ ...data, limit: flags.limit }, 'test');
    const trainSet = await loadSplit({ ...data, limit: pcaSamples }, 'train');
    const out = flags.out ?? path.join(runDir, 'report.html');
    const written = await writeRunReport(
      {
        runDir,
        model: autoencoder,
        test: datasetSamples(testSet, autoencoder.inputShape),
        train: datasetSamples(trainSet, autoencoder.inputShape),
        imageShape: testSet.shape,
        datasetName: testSet.name,
        pcaSamples,
        ...(testSet.classNames ? { classNames: testSet.classNames } : {}),
      },
      out,
    );
    output.result(written, `wrote ${written.html} and ${written.markdown}`);
  });
}
