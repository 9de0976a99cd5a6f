import { readFileSync } from 'node:fs';
import type { Simulation } from '../../sim/run/simulation.js';
import { wasmSimulation } from '../../sim/wasm/simulation.js';
import { defineScenario } from '../scenario.js';

/** The project root: this file runs as dist/scenarios/catalogue/wasm-edge-guest.js. */
const root = new URL('../../../', import.meta.url);

function guestFile(name: string): { file: string; bytes: Uint8Array } {
  const file = `test/guests/${name}.wasm`;
  return { file, bytes: new Uint8Array(readFileSync(new URL(file, root))) };
}

/**
 * Loads and compiles the two files on the first build only: `arksim list` reads
 * nothing, and exploration's thousands of runs share one compiled module each
 * (every run still gets fresh instances).
 */
function once(build: () => Simulation): () => Simulation {
  let built: Simulation | undefined;
  return () => (built ??= build());
}

/**
 * edge_guest.wasm, a real Rust guest, walks every edge case of ABI.md part 2 against
 * callee.wasm, one step per frame, and panics on any answer the contract forbids.
 * It ends when its `done()` export says every step ran.
 */
export const wasmEdgeGuest = defineScenario({
  name: 'wasm-edge-guest',
  description: 'Rust edge_guest.wasm walks every ABI edge case against callee.wasm (both error timings)',
  tags: ['wasm', 'edge-cases', 'nested', 'bad-pointers', 'error-timing'],
  build: once(() =>
    wasmSimulation({
      guest: { name: 'edge_guest', ...guestFile('edge_guest') },
      modules: [{ name: 'callee', ...guestFile('callee') }],
      doneExport: 'done',
    }),
  ),
  policies: { faults: 0 },
  // It ends by itself (~25 frames by default, ~75 with 10-100 ms latencies); the
  // budget leaves room for latencies up to about a second per launch.
  budgets: { frames: 1000 },
});
