/**
 * FFI checks that hold for every host the contract allows, written once for guests and
 * for launched modules alike: each runs synchronously on a `GuestFfi` and returns the
 * first problem found, as a message that names what was checked (never a handle value,
 * so a shrunk run fails with the same message), or undefined.
 */
import type { GuestFfi } from '../sim/guest/ffi.js';
import { codeName, ErrorCode } from '../sim/host/codes.js';
import { describeBytes, equalBytes, firstDifference } from './util.js';

/** A message naming what went wrong, or undefined when nothing did. */
export type Problem = string | undefined;

const { Success, InvalidArguments } = ErrorCode;

/** `what: expected A or B, got C` unless `got` is one of `allowed`. */
export function expectCode(what: string, got: number, ...allowed: readonly ErrorCode[]): Problem {
  if (allowed.includes(got as ErrorCode)) return undefined;
  return `${what}: expected ${allowed.map(codeName).join(' or ')}, got ${codeName(got)}`;
}

/** The first problem of several checks, run lazily in order. */
export function firstProblem(...checks: readonly (() => Problem)[]): Problem {
  for (const check of checks) {
    const p = check();
    if (p !== undefined) return p;
  }
  return undefined;
}

/**
 * A request handle that must be dead to this module (consumed, never issued, or not its
 * own): is_ready and retrieve both answer InvalidArguments, whatever the buffer length.
 */
export function checkDeadRequest(ffi: GuestFfi, request: bigint, what: string): Problem {
  return firstProblem(
    () => expectCode(`is_ready(${what})`, ffi.isReady(request).code, InvalidArguments),
    () => expectCode(`retrieve(${what}, 0)`, ffi.retrieve(request, 0).code, InvalidArguments),
    () => expectCode(`retrieve(${what}, 8)`, ffi.retrieve(request, 8).code, InvalidArguments),
  );
}

/**
 * A function handle that must be dead to this module (removed, never issued, not its
 * own): launch, blocking_launch and remove_function all answer InvalidArguments.
 */
export function checkDeadFunction(ffi: GuestFfi, handle: bigint, what: string): Problem {
  return firstProblem(
    () => expectCode(`launch(${what})`, ffi.launch(handle).code, InvalidArguments),
    () => expectCode(`blocking_launch(${what})`, ffi.blockingLaunch(handle).code, InvalidArguments),
    () => expectCode(`remove_function(${what})`, ffi.removeFunction(handle), InvalidArguments),
  );
}

/**
 * A ready request that succeeded: `size` is the output's length, a wrong-sized buffer is
 * not used here (see retrieve-wrong-size), retrieve returns exactly `expected`, and the
 * request is consumed by it.
 */
export function checkOutput(ffi: GuestFfi, request: bigint, size: number, expected: Uint8Array, what: string): Problem {
  if (size !== expected.length) {
    // Size 0 is how a failed request looks: name its error, which says more than the size.
    const code = size === 0 ? ffi.retrieve(request, 0).code : Success;
    if (code !== Success) return `retrieve(${what}): expected Success (${expected.length} bytes), got ${codeName(code)}`;
    return `is_ready(${what}): size ${size}, expected ${expected.length}`;
  }
  const r = ffi.retrieve(request, size);
  if (r.code !== Success) return expectCode(`retrieve(${what})`, r.code, Success);
  if (!equalBytes(r.output, expected)) {
    const at = firstDifference(r.output, expected);
    const got = describeBytes(r.output);
    return `retrieve(${what}): got ${got}, expected ${describeBytes(expected)} (first difference at byte ${at})`;
  }
  return checkDeadRequest(ffi, request, `${what} after retrieve`);
}

/**
 * A ready request that failed with `code` (a deferred launch error, or a launched
 * function that failed): size 0; a 1-byte buffer is InvalidArguments and leaves the
 * error retrievable; retrieve with 0 bytes returns `code` and consumes the request.
 */
export function checkFailed(ffi: GuestFfi, request: bigint, size: number, code: ErrorCode, what: string): Problem {
  if (size !== 0) return `is_ready(${what}): size ${size} for a request that must fail with ${codeName(code)}, expected 0`;
  return firstProblem(
    () => expectCode(`retrieve(${what}, 1) of a failed request`, ffi.retrieve(request, 1).code, InvalidArguments),
    () => expectCode(`retrieve(${what})`, ffi.retrieve(request, 0).code, code),
    () => checkDeadRequest(ffi, request, `${what} after its error was retrieved`),
  );
}

/** is_ready right after a blocking launch returned: Success and ready. The size, or a problem. */
export function readyNow(ffi: GuestFfi, request: bigint, what: string): { size: number } | { problem: string } {
  const s = ffi.isReady(request);
  if (s.code !== Success) return { problem: expectCode(`is_ready(${what})`, s.code, Success) as string };
  if (!s.isReady) return { problem: `is_ready(${what}): not ready right after blocking_launch returned` };
  return { size: s.size };
}

/** How a launch that must fail went. */
export type ErrorLaunch =
  /** The launch call returned the error (errors=eager). */
  | { readonly kind: 'eager' }
  /** The launch succeeded; the error comes at retrieve (errors=deferred, or a callee failure). */
  | { readonly kind: 'deferred'; readonly request: bigint }
  | { readonly kind: 'problem'; readonly problem: string };

/**
 * Launches (async or blocking) a function that must fail with `code`. The contract lets
 * the host report it at launch or at retrieve; `atLaunch: false` where only retrieve is
 * possible (an async launch of a function that exists but fails when it runs).
 */
export function launchExpectingError(
  ffi: GuestFfi,
  blocking: boolean,
  handle: bigint,
  input: Uint8Array,
  code: ErrorCode,
  what: string,
  atLaunch = true,
): ErrorLaunch {
  const call = blocking ? 'blocking_launch' : 'launch';
  const r = blocking ? ffi.blockingLaunch(handle, input) : ffi.launch(handle, input);
  if (atLaunch && r.code === code) return { kind: 'eager' };
  if (r.code === Success) return { kind: 'deferred', request: r.request };
  const allowed = atLaunch ? [code, Success] : [Success];
  return { kind: 'problem', problem: expectCode(`${call}(${what})`, r.code, ...allowed) as string };
}
