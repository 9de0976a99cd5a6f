/**
 * Rows name the function a request runs. A host may number each module's requests on its
 * own, so the guest's request 1 and relay's request 1 can both be in flight: a call
 * names its caller, and the row takes the caller's own request.
 */
import test from 'ava';
import { eventRows, TraceContext } from '../../../cli/view/index.js';
import type { TraceEvent } from '../../../sim/events.js';

const launched = (caller: string, fn: string, request: bigint): TraceEvent => ({ t: 'req.launched', at: 0, request, caller, module: 'worker', fn, blocking: false, due: 10 });
const isReady = (caller: string, request: bigint): TraceEvent => ({ t: 'ffi.is_ready', at: 5, caller, request, code: 0, ready: false, size: 0 });

test("an FFI call's request is the caller's own, when two modules have one of that value", (t) => {
  const events = [launched('guest', 'echo', 1n), launched('relay', 'work', 1n), isReady('guest', 1n), isReady('relay', 1n)];
  const rows = eventRows(events, new TraceContext());
  t.is(rows[2]?.args, 'request=1 (worker.echo)');
  t.is(rows[3]?.args, 'request=1 (worker.work)');
});

test("a value the caller never launched is described by any module's request of that value (a foreign handle tried)", (t) => {
  const rows = eventRows([launched('guest', 'echo', 7n), isReady('relay', 7n)], new TraceContext());
  t.is(rows[1]?.args, 'request=7 (worker.echo)');
});

// OwnModule ignores the module name passed with it (README, "Where ABI.md is silent"): the
// function is the caller's own, so naming it after that argument would show ".own" or a
// module that does not exist.
test('a launch of an OwnModule function names the caller as its module, not the ignored module argument', (t) => {
  const create = (caller: string, module: string, handle: bigint): TraceEvent => ({ t: 'ffi.create_function', at: 0, caller, fnType: 0, module, name: 'own', code: 0, handle });
  const launch = (caller: string, handle: bigint): TraceEvent => ({ t: 'ffi.launch', at: 0, end: 0, caller, blocking: false, handle, input: new Uint8Array(0), code: 6, request: 0n });
  const rows = eventRows([create('guest', '', 3n), create('worker', 'not-a-module', 3n), launch('guest', 3n), launch('worker', 3n)], new TraceContext());
  t.regex(rows[2]?.args ?? '', /^handle=3 \(guest\.own\) /);
  t.regex(rows[3]?.args ?? '', /^handle=3 \(worker\.own\) /);
});
