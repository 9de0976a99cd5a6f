/**
 * trace-size: bytes per event of recorded fan-out runs (whole trace files: prologue,
 * header, event chunks, footer) against the same events as JSON lines (bigints as
 * strings, bytes as hex). Target: traces at least 4 times smaller.
 */
import { recordRun } from '../cli/trace-io.js';
import type { EventSink, TraceEvent } from '../sim/events.js';
import type { Benchmark, Figure } from './benchmark.js';
import { FANOUT, fanoutOptions, RANDOM } from './fanout.js';
import { jsonLine } from './json-lines.js';

const RUNS = 500;

/** UTF-8 bytes of the events as JSON lines, newline included. */
export function jsonLinesBytes(events: readonly TraceEvent[]): number {
  let bytes = 0;
  for (const e of events) bytes += Buffer.byteLength(jsonLine(e)) + 1;
  return bytes;
}

class Collect implements EventSink {
  readonly events: TraceEvent[] = [];
  emit(event: TraceEvent): void {
    this.events.push(event);
  }
}

export const traceSizeBenchmark: Benchmark = {
  name: 'trace-size',
  async run(): Promise<readonly Figure[]> {
    let traceBytes = 0;
    let events = 0;
    let jsonBytes = 0;
    for (let seed = 0; seed < RUNS; seed++) {
      const collect = new Collect();
      const r = recordRun(FANOUT, fanoutOptions(seed, [collect]), { seed: String(seed), strategy: RANDOM, mode: 'record', parent: null }, undefined);
      traceBytes += r.bytes?.length ?? 0;
      events += collect.events.length;
      jsonBytes += jsonLinesBytes(collect.events);
    }
    const msgpack = traceBytes / events;
    const json = jsonBytes / events;
    return [
      {
        name: 'trace-size',
        value: msgpack,
        unit: 'bytes/event',
        baseline: json,
        ratio: json / msgpack,
        ratioMeans: 'JSON / trace size',
        target: { on: 'ratio', op: '>=', bound: 4 },
        note: `${RUNS} fanout traces, ${events} events, ${(traceBytes / RUNS).toFixed(0)} bytes per trace (header and footer included)`,
      },
    ];
  },
};
