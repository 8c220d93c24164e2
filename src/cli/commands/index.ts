/**
 * Every CLI command, in the order `aekit --help` lists them. A command is a function that
 * registers itself on the program.
 */
import type { Command } from 'commander';
import { registerSummaryCommand } from './summary.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerSummaryCommand];
