/**
 * The `aekit` command line. Each command lives in its own file under commands/ and registers
 * itself on the program; this file only wires them up and turns failures into one clear line.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../util/version.js';

export function buildProgram(): Command {
  const program = new Command('aekit')
    .description('Autoencoders for TypeScript: build, train, evaluate and apply them.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  // Sub-commands inherit the error behaviour: throw instead of exiting, so main() decides the exit code.
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message (or help/version, with exit code 0).
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`aekit: ${message}\n`);
    if (process.env['AEKIT_DEBUG'] && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
