/**
 * The Wasm stack limit the fuel instrumentation adds (sim/wasm/fuel.ts): every way out
 * of a frame gives its units back, and recursion past `MAX_STACK_UNITS` traps at the
 * same call every time, with the counter saying so.
 */
import test from 'ava';
import {
  frameUnits,
  fuelImports,
  instrumentFuel,
  isStackLimitHit,
  MAX_STACK_UNITS,
  setFuel,
  STACK_GLOBAL_EXPORT,
  stackUsed,
} from '../../../sim/wasm/fuel.js';
import { exportedFunction, instantiate, loadGuest, wasm, type WasmInstance } from './wasm-api.js';

function metered(): WasmInstance {
  const instance = instantiate(instrumentFuel(loadGuest('depth')), fuelImports());
  setFuel(instance, 1n << 40n);
  return instance;
}

const EXITS = ['down', 'down_return', 'down_br', 'tail', 'tail_indirect', 'pair', 'caught'] as const;

/** A frame of `down` (one parameter, and the local the rewrite adds). */
const DOWN_FRAME = frameUnits(2);

test('every way out of a frame gives its units back: end, return, a branch to the function label, tail calls, two results, exceptions', (t) => {
  const original = instantiate(loadGuest('depth'));
  const instance = metered();
  for (const name of EXITS) {
    for (const n of [0, 1, 10, 1000]) {
      t.deepEqual(exportedFunction(instance, name)(n), exportedFunction(original, name)(n), `${name}(${n})`);
      t.is(stackUsed(instance), 0, `${name}(${n}) left the counter at 0`);
    }
  }
});

test('recursion up to the limit runs; one call deeper traps, with the counter at -1', (t) => {
  const instance = metered();
  const frames = Math.floor(MAX_STACK_UNITS / DOWN_FRAME);
  // down(n) is n + 1 frames deep at its bottom
  t.is(exportedFunction(instance, 'down')(frames - 1), frames - 1);
  t.is(stackUsed(instance), 0);
  t.throws(() => exportedFunction(instance, 'down')(frames), { instanceOf: wasm.RuntimeError });
  t.true(isStackLimitHit(instance));
  // Tail calls reuse the frame: any number of them fit.
  t.is(exportedFunction(metered(), 'tail')(frames * 4), 0);
});

test('frames an exception unwinds are not counted against the handler', (t) => {
  const instance = metered();
  // caught(n) (its frame: a parameter and a local) throws from n + 1 frames deep twice, then recurses n + 1 frames itself
  const n = Math.floor((MAX_STACK_UNITS - frameUnits(3)) / DOWN_FRAME) - 1;
  t.is(exportedFunction(instance, 'caught')(n), 42 + 1 + n);
  t.is(stackUsed(instance), 0);
});

test('a v128 parameter or local counts two slots of its frame', (t) => {
  const original = instantiate(loadGuest('simd'), { 'ark-core-v0': { core__return_slice: () => 0 } });
  const instance = instantiate(instrumentFuel(loadGuest('simd')), { 'ark-core-v0': { core__return_slice: () => 0 }, ...fuelImports() });
  setFuel(instance, 1n << 40n);
  // down(n): its own frame (an i32 parameter and the added local), then n + 1 frames of
  // step(i32, v128) with a v128 local and the added local: 1 + 2 + 2 + 1 slots.
  const top = frameUnits(2);
  const step = frameUnits(6);
  const deepest = Math.floor((MAX_STACK_UNITS - top) / step) - 1;
  t.is(exportedFunction(instance, 'down')(deepest), exportedFunction(original, 'down')(deepest));
  t.is(stackUsed(instance), 0);
  t.throws(() => exportedFunction(instance, 'down')(deepest + 1), { instanceOf: wasm.RuntimeError });
  t.true(isStackLimitHit(instance));
});

test('the instrumented module exports the counter, and an unmetered module has none', (t) => {
  t.true(STACK_GLOBAL_EXPORT in metered().exports);
  t.false(STACK_GLOBAL_EXPORT in instantiate(loadGuest('depth')).exports);
});
