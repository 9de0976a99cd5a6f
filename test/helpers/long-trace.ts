/** Long synthetic traces, written directly (no simulation): for export's memory and the timeline page's speed. */
import { createTraceHeader, memoryTarget, TraceWriter, type TraceHeader } from '../../recorder/index.js';

/** A header for events written directly: what export and the viewers read of it, with budgets no synthetic trace reaches. */
export function syntheticHeader(scenario: string): TraceHeader {
  return createTraceHeader({
    arksimVersion: '0.1.0',
    scenario,
    wasm: [],
    seed: '1',
    strategy: 'fifo',
    policies: { errors: 'eager', latency: { kind: 'fixed', us: 10 }, handles: 'sequential', faults: 0 },
    budgets: { maxSteps: 1e9, maxTime: 1e12, frames: 1e9, frameUs: 16667, fuel: 1e9 },
    mode: 'record',
    parent: null,
  });
}

/**
 * A trace of `requests` requests of 7 events each (a latency draw, the launch and its
 * request, completion, a poll, the retrieval, a log line), 3 us apart, each completing
 * 20 us after its launch: so events go back in time, and up to 7 requests are in flight.
 * Request `i`'s log line (event #7i+7) is `logLine(i)`: two traces that part where one says otherwise.
 */
export function requestsTrace(requests: number, logLine: (i: number) => string = (i) => `done ${i}`): Uint8Array {
  const w = new TraceWriter(syntheticHeader('long'), memoryTarget());
  w.emit({ t: 'ffi.create_function', at: 0, caller: 'guest', fnType: 1, module: 'worker', name: 'work', code: 0, handle: 1n });
  let t = 0;
  for (let i = 0; i < requests; i++) {
    const request = BigInt(i + 2);
    t += 3;
    w.emit({ t: 'draw.latency', at: t, value: 7 });
    w.emit({ t: 'req.launched', at: t, request, caller: 'guest', module: 'worker', fn: 'work', blocking: false, due: t + 7 });
    w.emit({ t: 'ffi.launch', at: t, end: t, caller: 'guest', blocking: false, handle: 1n, input: new Uint8Array([1, 2, 3]), code: 0, request });
    w.emit({ t: 'req.completed', at: t + 20, request, caller: 'guest', code: 0, output: new Uint8Array([4, 5]) });
    w.emit({ t: 'ffi.is_ready', at: t + 21, caller: 'guest', request, code: 0, ready: true, size: 2 });
    w.emit({ t: 'ffi.retrieve', at: t + 21, caller: 'guest', request, len: 2, code: 0, output: new Uint8Array([4, 5]) });
    w.emit({ t: 'log', at: t + 21, module: 'worker', message: logLine(i) });
  }
  w.emit({ t: 'run.outcome', at: t + 30, outcome: { kind: 'pass' } });
  return w.finish({ kind: 'pass' });
}
