import { Option, type Command } from 'commander';
import * as path from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '../../io/export/export-bytes.js';
import { exportModel } from '../../io/export/export-model.js';
import { EXPORT_PARTS, type ExportPart } from '../../io/export/parts.js';
import { UsageError } from '../errors.js';
import { addEngineOptions, addJsonOption, addModelOption, addOutOption, parseNumber, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { loadModelArg, runConfigOf, startEngine } from '../context.js';

interface ExportFlags extends EngineOptions, JsonOption {
  model: string;
  out: string;
  format?: ExportFormat;
  part: ExportPart;
  threshold?: number;
}

function formatFromName(out: string): ExportFormat {
  const extension = path.extname(out).toLowerCase();
  if (extension === '.onnx') return 'onnx';
  if (extension === '.keras') return 'keras';
  throw new UsageError(`option --format: not given, and --out '${out}' does not end in .onnx or .keras (give --format onnx|keras|tfjs)`);
}

export function registerExportCommand(program: Command): void {
  const command = program
    .command('export')
    .description('write a trained model (or its encoder or decoder) as ONNX, Keras 3 (.keras) or TF.js layers format, for use outside aekit')
    .addOption(new Option('--format <format>', 'default: from the --out extension').choices([...EXPORT_FORMATS]))
    .addOption(new Option('--part <part>', 'autoencoder: input -> reconstruction; encoder: input -> code (a VAE: z_mean, z_log_var); decoder: code -> reconstruction').choices([...EXPORT_PARTS]).default('autoencoder'))
    .option('--threshold <score>', "anomaly threshold to store in the file's metadata (e.g. from aekit detect --json)", parseNumber('--threshold'));
  addModelOption(command);
  addOutOption(command, 'the exported model (.onnx, .keras; for tfjs a folder that gets model.json + weights.bin)', { required: true });
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText(
    'after',
    '\nInputs keep aekit\'s layout: images NHWC [batch, height, width, channels], flat models [batch, features], values in\n' +
      '[0, 1]; the batch dimension is open. A VAE\'s autoencoder reconstructs from the posterior mean (no sampling).\n' +
      'The file carries its metadata (model, input shape and scaling, anomaly score, threshold, aekit version, and for a\n' +
      'run trained on a CSV how it read it: csv_label_column, csv_columns, csv_missing, csv_fill_means): ONNX\n' +
      'metadata_props, Keras metadata.json, TF.js userDefinedMetadata.\n' +
      '\nExamples:\n  aekit export --model runs/my-run --out model.onnx\n' +
      '  aekit export --model runs/my-run --out model.keras\n' +
      '  aekit export --model runs/my-run --part encoder --out encoder.keras\n' +
      '  aekit export --model runs/my-run --format tfjs --out web-model\n' +
      '  aekit export --model runs/my-run --out scorer.onnx --threshold 0.031\n',
  );
  command.action(async (flags: ExportFlags) => {
    const format = flags.format ?? formatFromName(flags.out);
    await startEngine(flags);
    const loaded = await loadModelArg(flags.model);
    // The run's dataset, and how it read its CSV (with the training means), travel with the model.
    const run = await runConfigOf(flags.model);
    const result = await exportModel(loaded.autoencoder, flags.out, {
      format,
      part: flags.part,
      metadata: {
        ...(flags.threshold !== undefined ? { threshold: flags.threshold } : {}),
        ...(typeof run?.dataset === 'string' ? { dataset: run.dataset } : {}),
        ...(run?.csv ? { csv: run.csv } : {}),
      },
    });
    commandOutput(flags).result(
      { model: loaded.autoencoder.name, out: result.path, format: result.format, part: result.part, bytes: result.bytes },
      `wrote ${result.path}: ${loaded.autoencoder.name} ${result.part} as ${result.format} (${result.bytes.toLocaleString('en-US')} bytes)`,
    );
  });
}
