/**
 * Golden traces: each catalogue scenario's trace at a fixed seed is pinned under
 * traces/golden/. Re-recording must give the same bytes; when a change alters what a
 * run does, regenerate with `npm run corpus` and say why in the commit.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordRun } from '../cli/trace-io.js';
import { GOLDEN_SEED, GOLDEN_STRATEGY, goldenScenarios } from './fixtures/golden.js';
import { scenarioTarget } from '../scenarios/target.js';

for (const scenario of goldenScenarios()) {
  test(`golden: ${scenario.name} re-records byte for byte`, (t) => {
    const file = join(process.cwd(), 'traces', 'golden', `${scenario.name}.trace`);
    const pinned = new Uint8Array(readFileSync(file));
    const target = scenarioTarget(scenario);
    const options = { seed: GOLDEN_SEED, strategy: GOLDEN_STRATEGY, policies: target.policies, budgets: target.budgets };
    const r = recordRun(target, options, { seed: GOLDEN_SEED, strategy: GOLDEN_STRATEGY, mode: 'record', parent: null }, undefined);
    t.true(r.bytes !== undefined && Buffer.compare(Buffer.from(r.bytes), Buffer.from(pinned)) === 0, `${file} differs: if intended, run npm run corpus`);
  });
}
