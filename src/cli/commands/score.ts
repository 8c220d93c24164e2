import type { Command } from 'commander';
import { scoreWithOnnx } from '../../applications/onnx-scoring.js';
import { openAtomicFile, type AtomicFile } from '../../util/atomic.js';
import { formatFloat32 } from '../../data/csv.js';
import { addCsvOptions, addJsonOption, addOutOption, parseInteger, parseNumber, type JsonOption } from '../options.js';
import type { CsvReadOptions } from '../../data/csv.js';
import { UsageError } from '../errors.js';
import { commandOutput } from '../output.js';

interface ScoreFlags extends JsonOption {
  onnx: string;
  data: string;
  out?: string;
  threshold?: number;
  batchSize: number;
  /** Gathered from the CSV flags given (--header / --no-header, --label-column, --columns, --missing). */
  csv?: CsvReadOptions;
}

export function registerScoreCommand(program: Command): void {
  const command = program
    .command('score')
    .description('anomaly scores of every row of a large .npy or CSV through an exported ONNX autoencoder (onnxruntime-node), batch by batch')
    .requiredOption('--onnx <file>', 'an ONNX autoencoder written by aekit export (its metadata gives input shape, score and threshold)')
    .requiredOption('--data <rows.npy|rows.csv>', 'one sample per row (a .npy of shape [N, ...] or a CSV, read as the model\'s run read its own unless the CSV flags say otherwise)')
    .option('--threshold <score>', "anomaly threshold (default: the file's metadata, if it holds one)", parseNumber('--threshold'))
    .option('--batch-size <n>', 'rows per batch (memory holds one batch)', parseInteger('--batch-size', 1), 256);
  addOutOption(command, 'the scores as CSV, index,score[,anomaly] per row, as the batches come (index: the row among the data rows, from 0)');
  addJsonOption(command);
  addCsvOptions(command);
  command
    .addHelpText(
      'after',
      "\nThe score is the one aekit detect gives (the model's reconstruction loss per value, averaged over the row); a row is\n" +
        'an anomaly when its score is above the threshold. Needs onnxruntime-node (npm install onnxruntime-node).\n' +
        "A CSV is read as the model's run read its training CSV, from the file's metadata (csv_label_column, csv_columns,\n" +
        'csv_missing, csv_fill_means); with a header, by the training feature names (csv_feature_names), whatever the\n' +
        'column order (a missing name is an error; --columns overrides). Each CSV flag given overrides its part.\n' +
        "--missing mean fills an empty cell with the TRAINING file's column mean (as aekit detect does), --missing drop\n" +
        'leaves the row out (its index is skipped).\n' +
        '\nExamples:\n  aekit export --model runs/my-run --out model.onnx --threshold 0.031\n  aekit score --onnx model.onnx --data rows.npy --out scores.csv\n' +
        '  aekit export --model runs/my-table --out table.onnx\n' +
        '  aekit score --onnx table.onnx --data new-rows.csv --missing drop --out table-scores.csv   # label column as the run read it\n',
    )
    .action(async (flags: ScoreFlags) => {
      let out: AtomicFile | undefined;
      let flagged = 0;
      let sum = 0;
      let threshold = flags.threshold;
      let headerWritten = false;
      // Once the file's metadata has given the threshold; also when no row is scored (missing 'drop' may leave none).
      const writeHeader = async () => {
        if (!out || headerWritten) return;
        headerWritten = true;
        await out.handle.write(threshold === undefined ? 'index,score\n' : 'index,score,anomaly\n');
      };
      if (flags.csv && !flags.data.toLowerCase().endsWith('.csv')) {
        throw new UsageError(`option --${cliName(flags.csv)}: reads a CSV, and --data ${flags.data} is not one`);
      }
      try {
        if (flags.out) out = await openAtomicFile(flags.out);
        const summary = await scoreWithOnnx(flags.onnx, flags.data, {
          batchSize: flags.batchSize,
          ...(flags.csv ? { csv: flags.csv } : {}),
          onBatch: async ({ scores, start, indices }) => {
            await writeHeader();
            let text = '';
            scores.forEach((score, i) => {
              const anomaly = threshold !== undefined && score > threshold;
              if (anomaly) flagged++;
              sum += score;
              const index = indices ? indices[i]! : start + i;
              text += threshold === undefined ? `${index},${formatFloat32(score)}\n` : `${index},${formatFloat32(score)},${anomaly ? 1 : 0}\n`;
            });
            if (out) await out.handle.write(text);
          },
          onSpec: (spec) => {
            threshold ??= spec.threshold;
          },
        });
        await writeHeader();
        await out?.commit();
        const result = { model: summary.modelName, rows: summary.rows, score: summary.measure, threshold: threshold ?? null, flagged: threshold === undefined ? null : flagged, meanScore: summary.rows ? sum / summary.rows : null };
        const lines = [`scored ${summary.rows} rows with ${summary.modelName} (${summary.measure}); mean score ${result.meanScore?.toPrecision(6) ?? '-'}`];
        if (threshold !== undefined) lines.push(`threshold ${threshold}: flagged ${flagged} of ${summary.rows}`);
        if (flags.out) lines.push(`wrote ${flags.out}`);
        commandOutput(flags).result(result, lines.join('\n'));
      } catch (error) {
        await out?.abort();
        throw error;
      }
    });
}

/** The first CSV flag given, as the user typed it. */
function cliName(csv: CsvReadOptions): string {
  if (csv.header !== undefined) return csv.header ? 'header' : 'no-header';
  if (csv.labelColumn !== undefined) return 'label-column';
  return csv.columns !== undefined ? 'columns' : 'missing';
}
