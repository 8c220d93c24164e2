/**
 * Every CLI command, in the order `aekit --help` lists them. A command is a function that
 * registers itself on the program.
 */
import type { Command } from 'commander';
import { registerDemoCommand } from './demo.js';
import { registerTrainCommand } from './train.js';
import { registerSummaryCommand } from './summary.js';
import { registerReconstructCommand } from './reconstruct.js';
import { registerInfoCommand } from './info.js';
import { registerServeCommand } from './serve.js';
import { registerEvaluateCommand } from './evaluate.js';
import { registerEncodeCommand } from './encode.js';
import { registerDetectCommand } from './detect.js';
import { registerReportCommand } from './report.js';
import { registerDenoiseCommand } from './denoise.js';
import { registerGenerateCommand } from './generate.js';
import { registerPcaDemoCommand } from './pca-demo.js';
import { registerExportCommand } from './export.js';
import { registerScoreCommand } from './score.js';
import { registerImportCommand } from './import.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerDemoCommand,
  registerTrainCommand,
  registerSummaryCommand,
  registerReconstructCommand,
  registerInfoCommand,
  registerServeCommand,
  registerEvaluateCommand,
  registerEncodeCommand,
  registerDetectCommand,
  registerReportCommand,
  registerDenoiseCommand,
  registerGenerateCommand,
  registerPcaDemoCommand,
  registerExportCommand,
  registerScoreCommand,
  registerImportCommand,
];
