/**
 * `diff --renumber-handles`: the traces of one run on two hosts that number handles
 * differently (both legal) are identical once renumbered, and a host that behaves
 * differently still parts from the reference, at its first real difference.
 */
import test from 'ava';
import { join } from 'node:path';
import { catalogue } from '../../scenarios/index.js';
import { recordScenarioTrace } from '../../testing/index.js';
import { buggyHosts } from '../fixtures/buggy-hosts.js';
import { arksim } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { LEGAL_HOSTS } from '../unit/scenarios/legal-hosts.js';

/** Scenarios with handles=sequential (under handles=random the reference host draws its values; the test hosts do not). */
const SCENARIOS = ['fanout', 'nested-launch', 'module-to-module', 'poll-before-ready'];

for (const name of SCENARIOS) {
  test(`${name}: each legal numbering is identical to the reference host's once handles are renumbered`, (t) => {
    const scenario = catalogue.find((s) => s.name === name)!;
    t.is(scenario.policies?.handles ?? 'sequential', 'sequential');
    const dir = tempDir('diff-renumber', t);
    const reference = join(dir, 'reference.trace');
    recordScenarioTrace(scenario, reference, { seed: 5, strategy: 'random' });
    LEGAL_HOSTS.forEach((host, i) => {
      const path = join(dir, `host-${i}.trace`);
      recordScenarioTrace(scenario, path, { seed: 5, strategy: 'random', host: host.make });
      const plain = arksim(['diff', reference, path]);
      t.is(plain.code, 1, `${host.name}: the raw handle values differ`);
      const renumbered = arksim(['diff', '--renumber-handles', reference, path]);
      t.is(renumbered.code, 0, `${host.name}: ${renumbered.stdout}`);
      t.regex(renumbered.stdout, /handles renumbered/);
      t.regex(renumbered.stdout, /identical: the same \d+ events and outcome/);
    });
  });
}

test('a host that behaves differently still parts from the reference, at its real difference', (t) => {
  const wrongSize = buggyHosts.find((h) => h.name.includes('size'))!;
  const scenario = catalogue.find((s) => s.name === wrongSize.scenario)!;
  const dir = tempDir('diff-renumber-bug', t);
  const reference = join(dir, 'reference.trace');
  const buggy = join(dir, 'buggy.trace');
  recordScenarioTrace(scenario, reference, { seed: 1 });
  recordScenarioTrace(scenario, buggy, { seed: 1, host: wrongSize.host });
  const r = arksim(['diff', '--renumber-handles', '--json', reference, buggy]);
  t.is(r.code, 1);
  const d = JSON.parse(r.stdout) as { renumberedHandles: boolean; expected: { t: string }; differences: string[] };
  t.true(d.renumberedHandles);
  t.is(d.expected.t, 'ffi.is_ready');
  t.true(d.differences.some((f) => f.startsWith('size:')), d.differences.join('; '));
});
