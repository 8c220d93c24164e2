import type { Command } from 'commander';
import { scoreWithOnnx } from '../../applications/onnx-scoring.js';
import { openAtomicFile, type AtomicFile } from '../../util/atomic.js';
import { formatFloat32 } from '../../data/csv.js';
import { addJsonOption, addOutOption, parseInteger, parseNumber, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';

interface ScoreFlags extends JsonOption {
  onnx: string;
  data: string;
  out?: string;
  threshold?: number;
  batchSize: number;
}

export function registerScoreCommand(program: Command): void {
  const command = program
    .command('score')
    .description('anomaly scores of every row of a large .npy or CSV through an exported ONNX autoencoder (onnxruntime-node), batch by batch')
    .requiredOption('--onnx <file>', 'an ONNX autoencoder written by aekit export (its metadata gives input shape, score and threshold)')
    .requiredOption('--data <rows.npy|rows.csv>', 'one sample per row (a .npy of shape [N, ...] or a numeric CSV), values scaled as for training')
    .option('--threshold <score>', "anomaly threshold (default: the file's metadata, if it holds one)", parseNumber('--threshold'))
    .option('--batch-size <n>', 'rows per batch (memory holds one batch)', parseInteger('--batch-size', 1), 256);
  addOutOption(command, 'the scores as CSV, index,score[,anomaly] per row, as the batches come');
  addJsonOption(command);
  command
    .addHelpText(
      'after',
      "\nThe score is the one aekit detect gives (the model's reconstruction loss per value, averaged over the row); a row is\n" +
        'an anomaly when its score is above the threshold. Needs onnxruntime-node (npm install onnxruntime-node).\n' +
        '\nExamples:\n  aekit export --model runs/my-run --out model.onnx --threshold 0.031\n  aekit score --onnx model.onnx --data rows.npy --out scores.csv\n',
    )
    .action(async (flags: ScoreFlags) => {
      let out: AtomicFile | undefined;
      let flagged = 0;
      let sum = 0;
      let threshold = flags.threshold;
      try {
        if (flags.out) out = await openAtomicFile(flags.out);
        const summary = await scoreWithOnnx(flags.onnx, flags.data, {
          batchSize: flags.batchSize,
          onBatch: async ({ scores, start }) => {
            if (start === 0 && out) await out.handle.write(threshold === undefined ? 'index,score\n' : 'index,score,anomaly\n');
            let text = '';
            scores.forEach((score, i) => {
              const anomaly = threshold !== undefined && score > threshold;
              if (anomaly) flagged++;
              sum += score;
              text += threshold === undefined ? `${start + i},${formatFloat32(score)}\n` : `${start + i},${formatFloat32(score)},${anomaly ? 1 : 0}\n`;
            });
            if (out) await out.handle.write(text);
          },
          onSpec: (spec) => {
            threshold ??= spec.threshold;
          },
        });
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
