import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCommandsTakingTurns } from './children.js';

/**
 * A stand-in for an engine worker: asks for `turns` turns through the real child side
 * (stdioTurns), logs when it asks, starts and ends each turn, busy for a while inside it, and
 * prints a report unless told to die without one.
 */
const FAKE_CHILD = `
import { appendFileSync } from 'node:fs';
import { stdioTurns } from ${JSON.stringify(new URL('./turns.js', import.meta.url).href)};
const [name, turns, log, startDelayMs, ending] = process.argv.slice(2);
const turn = stdioTurns();
await new Promise((resolve) => setTimeout(resolve, Number(startDelayMs)));
for (let k = 0; k < Number(turns); k++) {
  appendFileSync(log, 'ask ' + name + ' ' + k + '\\n');
  await turn(name + ' ' + k);
  appendFileSync(log, 'start ' + name + ' ' + k + '\\n');
  const until = Date.now() + 30;
  while (Date.now() < until);
  appendFileSync(log, 'end ' + name + ' ' + k + '\\n');
}
if (ending !== 'dies') process.stdout.write('\\nAEKIT_BENCH_RESULT ' + JSON.stringify({ engine: name, threads: 1, detail: 'fake' }) + '\\n');
`;

test('children take turns one at a time, alternating direction, and none starts before all have asked', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aekit-turns-'));
  try {
    const script = path.join(dir, 'child.mjs');
    const log = path.join(dir, 'log.txt');
    writeFileSync(script, FAKE_CHILD);
    writeFileSync(log, '');
    const child = (name: string, turns: number, startDelayMs: number, ending = 'reports') =>
      ({ engine: name, command: process.execPath, args: [script, name, String(turns), log, String(startDelayMs), ending] });
    // b starts late (as importing torch does); c dies after its only turn without a report.
    const reports = await runCommandsTakingTurns([child('a', 3, 0), child('b', 3, 400), child('c', 1, 0, 'dies')]);

    assert.deepEqual(reports.slice(0, 2).map((r) => [r.engine, r.error]), [['a', undefined], ['b', undefined]]);
    assert.equal(reports[2]!.engine, 'c');
    assert.match(reports[2]!.error ?? '', /without a report/);

    const events = readFileSync(log, 'utf8').trim().split('\n');
    const firstStart = events.findIndex((e) => e.startsWith('start'));
    for (const name of ['a', 'b', 'c']) assert.ok(events.indexOf(`ask ${name} 0`) < firstStart, `${name} had not asked when the first turn started: ${events.join(', ')}`);
    const turns = events.filter((e) => !e.startsWith('ask'));
    for (let i = 0; i < turns.length; i += 2) {
      assert.equal(turns[i + 1], turns[i]!.replace('start', 'end'), `turns overlap: ${turns.join(', ')}`);
    }
    // Round 0 in order, round 1 reversed (c has ended), round 2 in order again.
    assert.deepEqual(turns.filter((e) => e.startsWith('start')), ['start a 0', 'start b 0', 'start c 0', 'start b 1', 'start a 1', 'start a 2', 'start b 2']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
