/**
 * `replay --mode check` says how much of the recorded schedule the run used. A run that
 * ends early (here a changed module fails the guest's first launch) never leaves the
 * schedule, but has not "followed it to the end" either.
 */
import test from 'ava';
import { join } from 'node:path';
import { arksim, recordFailingOrderGuest } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('check');
const G = 'test/guests';
const trace = join(dir, 'order.trace');

test.before(() => {
  recordFailingOrderGuest(trace);
});

interface CheckJson {
  matched: boolean;
  offTrack?: string;
  schedule: { decisions: { used: number; recorded: number }; draws: { used: number; recorded: number } };
}

test('a run that ends before using the recorded schedule says how little of it it used, in text and --json', (t) => {
  const args = ['replay', trace, '--mode', 'check', '--module', `callee=${G}/loop_callee.wasm`];
  const text = arksim(args);
  t.is(text.code, 1);
  t.notRegex(text.stdout, /followed the recorded schedule to the end/);
  t.regex(text.stdout, /^the run ended before the recorded schedule did: it used 0 of 4 recorded decisions and 0 of 4 policy draws$/m);
  const j = JSON.parse(arksim([...args, '--json']).stdout) as CheckJson;
  t.deepEqual(j.schedule, { decisions: { used: 0, recorded: 4 }, draws: { used: 0, recorded: 4 } });
  t.is(j.offTrack, undefined);
  t.true(j.matched, 'check mode compares no events; matched stays true, as documented');
});

test('the unchanged files follow the whole schedule, and say so with the counts', (t) => {
  const text = arksim(['replay', trace, '--mode', 'check']);
  t.regex(text.stdout, /^followed the recorded schedule to the end \(4 of 4 recorded decisions and 4 of 4 policy draws\)$/m);
  const j = JSON.parse(arksim(['replay', trace, '--mode', 'check', '--json']).stdout) as CheckJson;
  t.deepEqual(j.schedule, { decisions: { used: 4, recorded: 4 }, draws: { used: 4, recorded: 4 } });
});

test('replay --help says what matched means in check mode and names the schedule field', (t) => {
  const help = arksim(['replay', '--help']).stdout.replace(/\s+/g, ' ');
  t.regex(help, /check mode compares no events and always says true/);
  t.regex(help, /schedule \(recorded decisions and policy draws used\)/);
});
