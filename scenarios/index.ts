/** The built-in scenario catalogue: `arksim list`, and the README's main job. */
import { blockingLaunchScenario } from './catalogue/blocking-launch.js';
import { calleeErrorCode } from './catalogue/callee-error-code.js';
import { calleeTrapAndPanic } from './catalogue/callee-trap-and-panic.js';
import { createFunctionArgs } from './catalogue/create-function-args.js';
import { fanout } from './catalogue/fanout.js';
import { fanoutWide } from './catalogue/fanout-wide.js';
import { faultInjection } from './catalogue/fault-injection.js';
import { foreignHandles } from './catalogue/foreign-handles.js';
import { handleValues } from './catalogue/handle-values.js';
import { largeIo } from './catalogue/large-io.js';
import { moduleToModule } from './catalogue/module-to-module.js';
import { nestedLaunch } from './catalogue/nested-launch.js';
import { notFoundNamedModule } from './catalogue/not-found-named-module.js';
import { notFoundOwnModule } from './catalogue/not-found-own-module.js';
import { pollBeforeReady } from './catalogue/poll-before-ready.js';
import { removeWhileInFlight } from './catalogue/remove-while-in-flight.js';
import { retrieveWrongSize } from './catalogue/retrieve-wrong-size.js';
import { sameFunctionConcurrent } from './catalogue/same-function-concurrent.js';
import { staleAndDoubleHandles } from './catalogue/stale-and-double-handles.js';
import { wasmEdgeGuest } from './catalogue/wasm-edge-guest.js';
import { zeroLengthIo } from './catalogue/zero-length-io.js';
import type { Scenario } from './scenario.js';

export type { Scenario } from './scenario.js';
export { defineScenario } from './scenario.js';

/** In `arksim list` order: polling and sizes, errors, handles, blocking, fan-out, nesting, policies. */
export const catalogue: readonly Scenario[] = [
  pollBeforeReady,
  retrieveWrongSize,
  zeroLengthIo,
  largeIo,
  notFoundOwnModule,
  notFoundNamedModule,
  createFunctionArgs,
  calleeErrorCode,
  calleeTrapAndPanic,
  removeWhileInFlight,
  staleAndDoubleHandles,
  foreignHandles,
  handleValues,
  blockingLaunchScenario,
  fanout,
  fanoutWide,
  sameFunctionConcurrent,
  nestedLaunch,
  moduleToModule,
  faultInjection,
  wasmEdgeGuest,
];

export function findScenario(name: string): Scenario | undefined {
  return catalogue.find((s) => s.name === name);
}
