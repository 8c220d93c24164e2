import type { Command } from 'commander';
import { buildModel, listModels } from '../../models/registry.js';
import { formatSummary, summarize } from '../../models/summary.js';
import { initBackend } from '../../backend/select.js';

export function registerSummaryCommand(program: Command): void {
  program
    .command('summary')
    .description('print a Keras-style summary of a model: layers, output shapes, parameter counts')
    .option('--model <name>', 'model name (see the list below)', 'conv1')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', () => `\nModels:\n${listModels().map((m) => `  ${m.name.padEnd(12)} ${m.description}`).join('\n')}\n\nExamples:\n  aekit summary --model conv1\n  aekit summary --model deep --json\n`)
    .action(async (opts: { model: string; json?: boolean }) => {
      await initBackend({ backend: 'cpu' });
      const summary = summarize(buildModel(opts.model).model);
      process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary)}\n`);
    });
}
