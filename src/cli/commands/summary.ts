import type { Command } from 'commander';
import { buildModel, listModels } from '../../models/registry.js';
import { formatSummary, summarize } from '../../models/summary.js';
import { addJsonOption, addModelOption, type JsonOption } from '../options.js';
import { isSavedModel, loadModelArg, modelNameArg, startEngine } from '../context.js';
import { checkModelOptions, collectModelOption, MODEL_OPTION_HELP } from '../model-options.js';
import { commandOutput } from '../output.js';
import { UsageError } from '../errors.js';

interface SummaryFlags extends JsonOption {
  model: string;
  option: Record<string, unknown>;
}

function modelList(): string {
  return listModels()
    .map((m) => {
      const options = Object.entries(m.defaults).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
      return `  ${m.name.padEnd(19)} ${m.description}\n  ${''.padEnd(19)} options: ${options || 'none'}`;
    })
    .join('\n');
}

export function registerSummaryCommand(program: Command): void {
  const command = program
    .command('summary')
    .description('print a Keras-style summary of a model (a name with -o options, or a saved model): layers, output shapes, parameter counts')
    .option('-o, --option <key=value>', MODEL_OPTION_HELP, collectModelOption, {});
  addModelOption(command, { defaultName: 'conv1' });
  addJsonOption(command);
  command
    .addHelpText('after', () => `\nModels and their options (defaults shown):\n${modelList()}\n\nExamples:\n  aekit summary --model conv1\n  aekit summary --model dense -o codeSize=64 -o hidden=[256]\n  aekit summary --model deep --json\n`)
    .action(async (flags: SummaryFlags) => {
      const output = commandOutput(flags);
      await startEngine({ backend: 'cpu' });
      let model;
      if (await isSavedModel(flags.model)) {
        if (Object.keys(flags.option).length > 0) throw new UsageError(`option -o: applies to a model name, but --model ${flags.model} is a saved model (its options are fixed)`);
        model = (await loadModelArg(flags.model)).autoencoder;
      } else {
        const name = await modelNameArg(flags.model, '');
        checkModelOptions(name, flags.option);
        model = buildModel(name, { options: flags.option });
      }
      const summary = summarize(model.model);
      output.result(summary, () => formatSummary(summary));
    });
}
