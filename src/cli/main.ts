/**
 * The `aekit` command line. Each command lives in its own file under commands/ and registers
 * itself on the program; this file wires them up, groups them in the help, and turns every
 * failure into one line and an exit code: 0 done, 1 failed at run time, 2 usage error (an
 * unknown flag, a bad value, an unknown model).
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../util/version.js';
import { EXIT, UsageError } from './errors.js';
import { HELP_GROUPS, OTHER_GROUP } from './help-groups.js';
import { cliStreams, withCliStreams, type CliStreams } from './streams.js';

/** Commander's error text ("error: unknown option '--x'\n(Did you mean --y?)") as one line naming where to look. */
function oneLine(commanderMessage: string, helpCommand: string): string {
  const text = commanderMessage.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
  return `aekit: ${text} (see ${helpCommand} --help)\n`;
}

export function buildProgram(): Command {
  const program = new Command('aekit')
    .description('Autoencoders for TypeScript: build, train, evaluate and apply them.')
    .version(VERSION)
    .exitOverride();
  for (const register of COMMANDS) register(program);
  const output = (helpCommand: string) => ({
    writeOut: (text: string) => void cliStreams().out.write(text),
    writeErr: (text: string) => void cliStreams().err.write(text),
    outputError: (message: string) => void cliStreams().err.write(oneLine(message, helpCommand)),
  });
  program.configureOutput(output('aekit'));
  for (const command of program.commands) {
    // Sub-commands throw instead of exiting, so main() decides the exit code.
    command.exitOverride().configureOutput(output(`aekit ${command.name()}`));
    command.helpGroup(HELP_GROUPS[command.name()] ?? OTHER_GROUP);
  }
  // `aekit help <command>` belongs with the first steps.
  program.commandsGroup(HELP_GROUPS['demo']!).helpCommand(true);
  program.addHelpText('after', '\nRun aekit <command> --help for its options and examples. Every command takes --json.\n');
  return program;
}

let watchingPipes = false;

/** `aekit ... | head`: the reader went away; stop quietly instead of dying on EPIPE. */
function endQuietlyWhenPipeCloses(): void {
  if (watchingPipes) return;
  watchingPipes = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(EXIT.ok);
      throw error;
    });
  }
}

/** Runs `aekit ...argv` and returns its exit code; `streams` replaces stdout/stderr (tests). */
export async function main(argv: string[], streams?: CliStreams): Promise<number> {
  endQuietlyWhenPipeCloses();
  return withCliStreams(streams, () => run(argv));
}

async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message, or the help / version (exit code 0).
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      return EXIT.usage;
    }
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
    cliStreams().err.write(`aekit: ${message}\n`);
    if (process.env['AEKIT_DEBUG'] && error instanceof Error && error.stack) cliStreams().err.write(`${error.stack}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.failure;
  }
}
