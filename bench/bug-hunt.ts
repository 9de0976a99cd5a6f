/**
 * Runs to first failure, per strategy, for every deliberately buggy host and guest in
 * test/fixtures: the README's "bugs found" table. For each bug and strategy, exploration
 * restarts from 25 different base seeds with --stop-at-first; the table gives the
 * median (and worst) runs needed. Usage: node dist/bench/bug-hunt.js [--json]
 */
import { readFileSync } from 'node:fs';
import { findScenario } from '../scenarios/index.js';
import { scenarioTarget } from '../scenarios/target.js';
import { explore } from '../sim/explore/explore.js';
import type { RunTarget } from '../sim/explore/target.js';
import type { HostFactory } from '../sim/run/context.js';
import { formatStrategy, type StrategySpec } from '../sim/scheduler/strategy.js';
import { DEFAULT_POLICIES } from '../sim/host/policies.js';
import { wasmTarget } from '../sim/wasm/simulation.js';
import { buggyGuests } from '../test/fixtures/buggy-guests.js';
import { buggyHosts } from '../test/fixtures/buggy-hosts.js';

const BASES = 25;
const BUDGET = 2000;
const strategies: StrategySpec[] = [{ kind: 'fifo' }, { kind: 'random' }, { kind: 'pct', depth: 3, steps: 256 }];

interface Bug {
  readonly name: string;
  readonly target: RunTarget;
  readonly host: HostFactory | undefined;
  readonly swarm: boolean;
}

const wasm = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const orderGuest = wasmTarget({
  guest: { path: 'test/guests/order_guest.wasm', bytes: wasm('test/guests/order_guest.wasm') },
  modules: [{ name: 'callee', path: 'test/guests/callee.wasm', bytes: wasm('test/guests/callee.wasm') }],
  policies: { ...DEFAULT_POLICIES, latency: { kind: 'fixed', us: 16_667 } },
  budgets: { frames: 20 },
});

const bugs: Bug[] = [
  ...buggyHosts.map((h) => ({ name: `host ${h.name} (${h.scenario})`, target: scenarioTarget(findScenario(h.scenario) ?? (undefined as never)), host: h.host, swarm: true })),
  ...buggyGuests.map((g) => ({ name: `guest ${g.name}`, target: g, host: undefined, swarm: g.name === 'assumes-eager-errors' })),
  { name: 'Wasm order_guest (latency = one frame)', target: orderGuest, host: undefined, swarm: false },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const rows = bugs.map((bug) => {
  const cells = strategies.map((strategy) => {
    const found: number[] = [];
    for (let base = 0; base < BASES; base++) {
      const report = explore(
        bug.target,
        { runs: BUDGET, seed: String(base * 100_000), strategy, swarm: bug.swarm, stopAtFirst: true },
        bug.host === undefined ? {} : { host: bug.host },
      );
      const first = report.failures[0];
      found.push(first === undefined ? Infinity : first.plan.index + 1);
    }
    const hits = found.filter(Number.isFinite).length;
    return { strategy: formatStrategy(strategy), median: median(found), worst: Math.max(...found), hits };
  });
  return { bug: bug.name, swarm: bug.swarm, cells };
});

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ bases: BASES, budget: BUDGET, rows }, null, 2)}\n`);
} else {
  const fmt = (c: { median: number; worst: number; hits: number }): string =>
    c.hits === 0 ? `not found in ${BUDGET}` : `${Number.isFinite(c.median) ? c.median : `>${BUDGET}`} (worst ${Number.isFinite(c.worst) ? c.worst : `>${BUDGET}`}, ${c.hits}/${BASES})`;
  process.stdout.write(`| bug | swarm | ${strategies.map(formatStrategy).join(' | ')} |\n|---|---|${strategies.map(() => '---').join('|')}|\n`);
  for (const r of rows) process.stdout.write(`| ${r.bug} | ${r.swarm ? 'yes' : 'no'} | ${r.cells.map(fmt).join(' | ')} |\n`);
}
