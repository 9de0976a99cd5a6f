/**
 * Conformance maps handles, so a host is not "different" for numbering them its own way:
 * traces recorded on the reference host compare clean against every legal host of
 * test/unit/scenarios/legal-hosts.ts (function 1 and request 1 at once, values from
 * u64::MAX down, per-module numbering), and traces recorded on those hosts compare clean
 * against the reference host.
 */
import test from 'ava';
import { catalogue } from '../../../scenarios/index.js';
import { scenarioTarget } from '../../../scenarios/target.js';
import type { HostFactory } from '../../../sim/run/context.js';
import { ReferenceHost } from '../../../sim/host/reference-host.js';
import { checkConformance } from '../../../sim/replay/conformance.js';
import { record } from '../../helpers/record.js';
import { LEGAL_HOSTS } from '../scenarios/legal-hosts.js';

/**
 * Scenarios whose recorded calls carry handle values conformance cannot map: in
 * stale-and-double-handles the guest chooses which values to try from the values it
 * got, and in foreign-handles relay returns its handles inside its output bytes.
 */
const VALUE_DEPENDENT = new Set(['stale-and-double-handles', 'foreign-handles']);

const reference: HostFactory = (env) => new ReferenceHost(env);
const SEEDS = [1, 2, 3];

for (const legal of LEGAL_HOSTS) {
  for (const [from, to] of [
    ['the reference host', legal.name],
    [legal.name, 'the reference host'],
  ] as const) {
    test(`recorded on ${from}, compared against ${to}: no differences`, (t) => {
      const [recordOn, compareWith] = from === 'the reference host' ? [reference, legal.make] : [legal.make, reference];
      for (const scenario of catalogue.filter((s) => !VALUE_DEPENDENT.has(s.name))) {
        const target = scenarioTarget(scenario);
        for (const seed of SEEDS) {
          const recorded = record(target, { seed, strategy: { kind: 'random' }, host: recordOn });
          const r = checkConformance(target.build(), recorded, 'guest', compareWith);
          const first = r.differences[0];
          if (first !== undefined) return t.fail(`${scenario.name} seed ${seed}: ${r.differences.length} differences; first at #${first.index} ${first.call}: expected ${first.expected}, got ${first.actual}`);
          t.is(r.unplayed, 0, `${scenario.name} seed ${seed}`);
          t.deepEqual(r.violations, [], `${scenario.name} seed ${seed}`);
        }
      }
    });
  }
}
