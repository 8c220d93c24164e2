/**
 * Where the CLI writes: the process's stdout and stderr, unless main() was handed others (tests
 * run commands in-process and read what they printed without touching the real streams).
 */
export interface TextSink {
  write(text: string): unknown;
}

export interface CliStreams {
  out: TextSink;
  err: TextSink;
}

const PROCESS_STREAMS: CliStreams = { out: process.stdout, err: process.stderr };
let current: CliStreams = PROCESS_STREAMS;

/** The streams of the command being run. */
export function cliStreams(): CliStreams {
  return current;
}

/** Runs `body` with `streams` as the CLI's streams, then puts the process's back. */
export async function withCliStreams<T>(streams: CliStreams | undefined, body: () => Promise<T>): Promise<T> {
  if (!streams) return body();
  current = streams;
  try {
    return await body();
  } finally {
    current = PROCESS_STREAMS;
  }
}
