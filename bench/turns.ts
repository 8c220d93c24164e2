/**
 * Lockstep measurement: the children of one model (every aekit engine and PyTorch) are alive at
 * once and take turns, one repetition each, so both sides of a ratio are timed a second or two
 * apart and a slow minute on this shared machine hits both. Only one child computes at a time;
 * the others wait, blocked on a read of their stdin.
 *
 * Protocol: a child prints `TURN_MARKER <label>` on stdout when it is ready for its next timed
 * part and waits for one line on stdin; the driver answers `go` when its turn comes. A child
 * that has nothing more to time prints its report and exits.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { TURN_MARKER } from './types.js';

/** Child side: asks for the next turn and resolves when the driver grants it. */
export type AwaitTurn = (label: string) => Promise<void>;

/** For a child run without a driver taking turns: every turn is granted at once. */
export const noTurns: AwaitTurn = async () => {};

/** Child side over this process's stdin/stdout. */
export function stdioTurns(): AwaitTurn {
  return async (label) => {
    process.stdout.write(`\n${TURN_MARKER}${label}\n`);
    // One reader per turn, closed after its line, so a waiting stdin never keeps the child alive.
    const reader = createInterface({ input: process.stdin });
    try {
      const granted = await Promise.race([once(reader, 'line').then(() => true), once(reader, 'close').then(() => false)]);
      if (!granted) throw new Error(`bench: the driver closed stdin while this process waited for its turn (${label})`);
    } finally {
      reader.close();
    }
  };
}

/** Driver side: one child process as seen by the scheduler. */
export interface TurnTaker {
  /** Resolves true when the child asks for a turn, false when it has ended. */
  nextRequest(): Promise<boolean>;
  /** Lets the child go on with the turn it asked for. */
  grant(): void;
}

/**
 * Runs the children's turns until all have ended. Nobody starts before every child has asked for
 * its first turn (so a slow start, e.g. importing torch, never overlaps a timed part). Then the
 * children go one at a time, in the given order in even rounds and in reverse in odd ones, so no
 * child is always first after another's work.
 */
export async function takeTurns(children: TurnTaker[]): Promise<void> {
  const asking = await Promise.all(children.map((child) => child.nextRequest()));
  const order = children.map((_, i) => i);
  for (let round = 0; asking.some(Boolean); round++) {
    for (const i of round % 2 === 0 ? order : [...order].reverse()) {
      if (!asking[i]) continue;
      children[i]!.grant();
      asking[i] = await children[i]!.nextRequest();
    }
  }
}
