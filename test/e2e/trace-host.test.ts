/**
 * A trace names the host that recorded it (format version 2): `inspect` shows it, and
 * `arksim replay`, which always runs the reference host, says so for another host's trace.
 */
import test from 'ava';
import { join } from 'node:path';
import { readTraceFile } from '../../recorder/index.js';
import { catalogue } from '../../scenarios/index.js';
import { recordScenarioTrace } from '../../testing/index.js';
import { arksim } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { LEGAL_HOSTS } from '../unit/scenarios/legal-hosts.js';

const scenario = catalogue.find((s) => s.name === 'fanout')!;
const perModule = LEGAL_HOSTS.find((h) => h.name.includes('per module'))!;

test('recordScenarioTrace names the host: reference, custom, or the name given', (t) => {
  const dir = tempDir('trace-host', t);
  const header = (name: string, options: Parameters<typeof recordScenarioTrace>[2]): string | null => {
    const path = join(dir, name);
    recordScenarioTrace(scenario, path, options);
    return readTraceFile(path).header.host;
  };
  t.is(header('reference.trace', {}), 'reference');
  t.is(header('custom.trace', { host: perModule.make }), 'custom');
  t.is(header('mine.trace', { host: perModule.make, hostName: 'per-module host' }), 'per-module host');
});

test("inspect shows the host; replay of another host's trace says it runs the reference host", (t) => {
  const dir = tempDir('trace-host-cli', t);
  const mine = join(dir, 'mine.trace');
  const reference = join(dir, 'reference.trace');
  recordScenarioTrace(scenario, mine, { host: perModule.make, hostName: 'per-module host' });
  recordScenarioTrace(scenario, reference);
  t.regex(arksim(['inspect', mine]).stdout, /^host\s+per-module host$/m);
  t.regex(arksim(['inspect', 'test/fixtures/v1/fanout.trace']).stdout, /^host\s+\(not recorded\)$/m);
  const replayed = arksim(['replay', mine]);
  t.regex(replayed.stderr, /was recorded on host "per-module host"; arksim replay runs the reference host/);
  // Its handle values are its own: the reference host diverges at the first one.
  t.is(replayed.code, 1);
  const json = JSON.parse(arksim(['replay', mine, '--json']).stdout) as { recordedHost: string | null };
  t.is(json.recordedHost, 'per-module host');
  const own = arksim(['replay', reference]);
  t.is(own.code, 0);
  t.is(own.stderr, '');
  // A run that checked its policies says so, and the CLI's replay checks them again.
  const checked = join(dir, 'checked.trace');
  recordScenarioTrace(scenario, checked, { checkPolicies: true });
  t.true(readTraceFile(checked).header.checkPolicies);
  t.regex(arksim(['inspect', checked]).stdout, /^host\s+reference, checked to play its policies \(policies-played\)$/m);
  t.is(arksim(['replay', checked]).code, 0);
  t.regex(arksim(['diff', reference, checked]).stdout, /checkPolicies +false → true/);
  // diff names the hosts among the header differences.
  t.regex(arksim(['diff', reference, mine]).stdout, /host.*reference.*per-module host/);
});

test('a version-1 trace and the version-2 trace of the same run differ only in their headers', (t) => {
  const r = arksim(['diff', 'test/fixtures/v1/fault-injection.trace', 'traces/golden/fault-injection.trace']);
  t.is(r.code, 0);
  t.regex(r.stdout, /^ {2}host +\(not recorded\) → reference$/m);
  t.regex(r.stdout, /^ {2}formatVersion +1 → 2$/m);
  t.regex(r.stdout, /identical: the same 505 events and outcome/);
});
