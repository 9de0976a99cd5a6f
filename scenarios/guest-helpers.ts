/**
 * Helpers for guest programs: each call either gets the answer the contract requires or
 * ends the run with `env.fail` and a message naming what was checked. Generators
 * (`yield*` them) let virtual time pass; the rest answer at once.
 *
 * Gotchas: a waiting helper first looks again at the next frame, never in the frame it
 * was called in; handles appear in no message (guests label requests instead).
 */
import type { GuestFfi } from '../sim/guest/ffi.js';
import { waitFor, type GuestEnv, type GuestYield } from '../sim/guest/program.js';
import { ErrorCode } from '../sim/host/codes.js';
import type { Rng } from '../sim/random.js';
import { checkFailed, checkOutput, expectCode, launchExpectingError, readyNow, type Problem } from './checks.js';

/** A guest generator step sequence that returns a `T`. */
export type GuestSteps<T = void> = Generator<GuestYield, T, undefined>;

const { Success } = ErrorCode;

/** Ends the run with the problem, if there is one. */
export function must(env: GuestEnv, problem: Problem): void {
  if (problem !== undefined) env.fail(problem);
}

/** create_function that must succeed; returns the handle. */
export function createFunction(ffi: GuestFfi, env: GuestEnv, source: number, module: string, name: string): bigint {
  const r = ffi.createFunction(source, module, name);
  must(env, expectCode(`create_function(${source === 0 ? 'OwnModule' : module}::${name})`, r.code, Success));
  return r.handle;
}

/** An async launch that must succeed; returns the request. */
export function launch(ffi: GuestFfi, env: GuestEnv, fn: bigint, input: Uint8Array, what: string): bigint {
  const r = ffi.launch(fn, input);
  must(env, expectCode(`launch(${what})`, r.code, Success));
  return r.request;
}

/** A blocking launch that must succeed and be ready when it returns; returns request and size. */
export function blockingLaunch(
  ffi: GuestFfi,
  env: GuestEnv,
  fn: bigint,
  input: Uint8Array,
  what: string,
): { readonly request: bigint; readonly size: number } {
  const r = ffi.blockingLaunch(fn, input);
  must(env, expectCode(`blocking_launch(${what})`, r.code, Success));
  const s = readyNow(ffi, r.request, what);
  if ('problem' in s) env.fail(s.problem);
  return { request: r.request, size: s.size };
}

/** Waits frame by frame until the request is ready (every poll must succeed); returns its size. */
export function* awaitReady(ffi: GuestFfi, env: GuestEnv, request: bigint, what: string): GuestSteps<number> {
  let size = 0;
  yield waitFor(() => {
    const s = ffi.isReady(request);
    must(env, expectCode(`is_ready(${what})`, s.code, Success));
    size = s.size;
    return s.isReady;
  }, what);
  return size;
}

/**
 * Waits for every request in `pending`, handing each to `onReady` (with its size) in the
 * frame it is first seen ready, and removing it. Polls in a fresh random order each frame
 * when given a stream, so no launch order is favoured.
 */
export function* drain<T>(
  ffi: GuestFfi,
  env: GuestEnv,
  pending: Map<bigint, T>,
  label: (item: T) => string,
  onReady: (request: bigint, size: number, item: T) => void,
  order?: Rng,
): GuestSteps {
  while (pending.size > 0) {
    const ready: [bigint, number, T][] = [];
    yield waitFor(() => {
      const entries = [...pending];
      if (order !== undefined) shuffle(entries, order);
      for (const [request, item] of entries) {
        const s = ffi.isReady(request);
        must(env, expectCode(`is_ready(${label(item)})`, s.code, Success));
        if (s.isReady) ready.push([request, s.size, item]);
      }
      return ready.length > 0;
    }, `${pending.size} request(s)`);
    for (const [request, size, item] of ready) {
      onReady(request, size, item);
      pending.delete(request);
    }
  }
}

/** A request's label and the output it must produce. */
export interface Expected {
  readonly what: string;
  readonly output: Uint8Array;
}

/** `drain` for requests that must succeed: each output checked as it becomes ready. */
export function* drainOutputs(ffi: GuestFfi, env: GuestEnv, pending: Map<bigint, Expected>, order?: Rng): GuestSteps {
  const check = (request: bigint, size: number, e: Expected): void => must(env, checkOutput(ffi, request, size, e.output, e.what));
  yield* drain(ffi, env, pending, (e) => e.what, check, order);
}

/** Waits for one request and checks its output. */
export function* awaitOutput(ffi: GuestFfi, env: GuestEnv, request: bigint, expected: Uint8Array, what: string): GuestSteps {
  const size = yield* awaitReady(ffi, env, request, what);
  must(env, checkOutput(ffi, request, size, expected, what));
}

/** Fisher-Yates, from a seeded stream. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}

/**
 * A launch (async or blocking) of a function that must fail with `code`, checked to the
 * end: eager (the launch returns it; allowed unless `atLaunch` is false) or deferred
 * (ready with size 0, a wrong-sized retrieve refused, `code` at retrieve, then dead).
 * Returns which of the two the host chose.
 */
export function* expectFailure(
  ffi: GuestFfi,
  env: GuestEnv,
  options: {
    readonly fn: bigint;
    readonly input?: Uint8Array;
    readonly code: ErrorCode;
    readonly blocking: boolean;
    readonly what: string;
    readonly atLaunch?: boolean;
    /** Told the request handle of a deferred failure before it is polled (a guest tracking every handle it got). */
    readonly onRequest?: (request: bigint) => void;
  },
): GuestSteps<'eager' | 'deferred'> {
  const { fn, code, blocking, what } = options;
  const r = launchExpectingError(ffi, blocking, fn, options.input ?? new Uint8Array(0), code, what, options.atLaunch ?? true);
  if (r.kind === 'problem') env.fail(r.problem);
  if (r.kind === 'eager') return 'eager';
  options.onRequest?.(r.request);
  let size: number;
  if (blocking) {
    const s = readyNow(ffi, r.request, what);
    if ('problem' in s) env.fail(s.problem);
    size = s.size;
  } else {
    size = yield* awaitReady(ffi, env, r.request, what);
  }
  must(env, checkFailed(ffi, r.request, size, code, what));
  return 'deferred';
}
