import type { TraceEvent } from '../../../sim/events.js';
import { DEFAULT_POLICIES } from '../../../sim/host/policies.js';
import { runSimulation } from '../../../sim/run/run.js';
import { eventsJson } from '../../helpers/harness.js';
/** What `arksim list` prints: unique kebab-case names, one short line of description each. */
import test from 'ava';
import { catalogue, findScenario } from '../../../scenarios/index.js';

const REQUIRED = [
  'poll-before-ready',
  'retrieve-wrong-size',
  'not-found-own-module',
  'not-found-named-module',
  'callee-error-code',
  'callee-trap-and-panic',
  'remove-while-in-flight',
  'stale-and-double-handles',
  'blocking-launch',
  'fanout',
  'fanout-wide',
  'nested-launch',
  'fault-injection',
  'handle-values',
];

test('scenario names are unique kebab-case', (t) => {
  const names = catalogue.map((s) => s.name);
  t.is(new Set(names).size, names.length, 'unique');
  for (const name of names) t.regex(name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, name);
});

test('every description is one line under 100 characters', (t) => {
  for (const s of catalogue) {
    t.false(/[\r\n]/.test(s.description), `${s.name}: one line`);
    t.true(s.description.length > 0 && s.description.length < 100, `${s.name}: ${s.description.length} characters`);
    t.is(s.description.trim(), s.description, `${s.name}: no surrounding space`);
  }
});

test('every scenario is tagged, with kebab-case tags', (t) => {
  for (const s of catalogue) {
    t.true((s.tags ?? []).length > 0, s.name);
    for (const tag of s.tags ?? []) t.regex(tag, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `${s.name}: ${tag}`);
  }
});

test('the required edge cases are all in the catalogue, found by name', (t) => {
  for (const name of REQUIRED) t.is(findScenario(name)?.name, name);
  t.is(findScenario('no-such-scenario'), undefined);
});

test('fault-injection and handle-values run under their policies by default', (t) => {
  t.is(findScenario('fault-injection')?.policies?.faults, 0.3);
  t.is(findScenario('handle-values')?.policies?.handles, 'random');
});

test('runs share no state: the same seed twice in one process gives identical events', (t) => {
  for (const s of catalogue) {
    const events = (): string => {
      const out: TraceEvent[] = [];
      runSimulation(s.build(), { seed: 5, strategy: { kind: 'random' }, policies: { ...DEFAULT_POLICIES, ...s.policies }, ...(s.budgets === undefined ? {} : { budgets: s.budgets }), sinks: [{ emit: (e) => out.push(e) }] });
      return eventsJson(out);
    };
    t.is(events(), events(), s.name);
    t.true(s.build().guest.name.length > 0, s.name);
  }
});
