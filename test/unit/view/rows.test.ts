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
