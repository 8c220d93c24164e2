/**
 * What a command prints, one way for all: under --json stdout holds exactly one JSON object (the
 * result) and everything meant for a person (notes, progress) goes to stderr; without it the
 * result is printed as text on stdout and progress still goes to stderr.
 */
import type { JsonOption } from './options.js';
import { cliStreams } from './streams.js';

export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

export interface CommandOutput {
  readonly json: boolean;
  /** A line for the person at the terminal (e.g. "wrote x.png"): stdout, or stderr under --json. */
  note(line: string): void;
  /** The command's result, printed once at the end: JSON under --json, else `text`. */
  result(value: object, text: string | (() => string)): void;
  /** Where progress bars and training logs go: always stderr, so stdout stays the result. */
  readonly progress: ProgressStream;
}

export function commandOutput(flags: JsonOption): CommandOutput {
  const json = flags.json === true;
  const { out, err } = cliStreams();
  let printed = false;
  return {
    json,
    note(line) {
      (json ? err : out).write(`${line}\n`);
    },
    result(value, text) {
      if (printed) throw new Error('commandOutput: a command prints one result');
      printed = true;
      if (json) {
        out.write(`${JSON.stringify(value, null, 2)}\n`);
        return;
      }
      const body = typeof text === 'function' ? text() : text;
      if (body) out.write(body.endsWith('\n') ? body : `${body}\n`);
    },
    progress: process.stderr,
  };
}

/** "1 epoch", "2 epochs". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : pluralNoun}`;
}
