import type { Command } from 'commander';
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { VERSION } from '../../util/version.js';
import { addEngineOptions, addJsonOption, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { startEngine } from '../context.js';

export function registerInfoCommand(program: Command): void {
  const command = program.command('info').description('versions, the compute engine in use and why, threads, CPU');
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText('after', '\nExamples:\n  aekit info\n  aekit info --backend wasm\n');
  command.action(async (flags: EngineOptions & JsonOption) => {
    const engine = await startEngine(flags);
    const info = {
      aekit: VERSION,
      node: process.versions.node,
      tfjs: tf.version_core,
      backend: engine.name,
      reason: engine.reason,
      skipped: engine.skipped,
      threads: engine.threads,
      cpu: `${os.cpus()[0]?.model ?? 'unknown'} x ${os.availableParallelism()}`,
      platform: `${process.platform}-${process.arch}`,
    };
    const lines = [
      `aekit ${info.aekit} (Node ${info.node}, TensorFlow.js ${info.tfjs})`,
      `engine: ${info.backend} — ${info.reason}`,
      ...info.skipped.map((s) => `  passed over ${s.name}: ${s.why}`),
      `threads: ${info.threads}`,
      `cpu: ${info.cpu} (${info.platform})`,
    ];
    commandOutput(flags).result(info, lines.join('\n'));
  });
}
