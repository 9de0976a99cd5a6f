/**
 * Format version 1 is still read: its events come out as version 2's, `caller` filled in
 * from the request's launch (recorder/v1.ts). The version-1 traces in test/fixtures/v1 are
 * the corpus as the last version-1 arksim wrote it; the version-2 corpus is the same runs.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordRun } from '../../../cli/trace-io.js';
import { readTrace, readTracePrefix, traceCursor, bytesSource, TraceFormatError } from '../../../recorder/index.js';
import { UNKNOWN_CALLER } from '../../../recorder/v1.js';
import { catalogue } from '../../../scenarios/index.js';
import { scenarioTarget } from '../../../scenarios/target.js';
import type { TraceEvent } from '../../../sim/events.js';
import { replayRun } from '../../../sim/replay/replay.js';
import { recordedRun } from '../../../testing/index.js';
import { v1Trace, v1TraceOf, v1Wire } from '../../helpers/v1-trace.js';
import { chunksOf, eventsKey, pack, traceOf } from './craft.js';
import { sampleHeader } from './fixtures.js';

const root = new URL('../../../../', import.meta.url);
const V1_DIR = fileURLToPath(new URL('test/fixtures/v1/', root));
const v1Files = readdirSync(V1_DIR).filter((f) => f.endsWith('.trace'));

/** The version-2 trace of the same run as a version-1 fixture. */
function v2Of(name: string): Uint8Array {
  const dir = name.includes('-seed') ? 'regressions' : 'golden';
  return readFileSync(new URL(`traces/${dir}/${name}`, root));
}

test('every version-1 fixture reads as the version-2 trace of the same run: the same events, key order included', (t) => {
  t.true(v1Files.length >= 20);
  let callers = 0;
  for (const name of v1Files) {
    const v1 = readTrace(readFileSync(`${V1_DIR}${name}`));
    const v2 = readTrace(v2Of(name));
    t.is(v1.header.formatVersion, 1, name);
    t.is(v1.header.host, null, name);
    t.false(v1.header.checkPolicies, name);
    t.is(v2.header.formatVersion, 2, name);
    t.is(eventsKey(v1.events), eventsKey(v2.events), name);
    t.deepEqual(v1.footer.outcome, v2.footer.outcome, name);
    callers += v1.events.filter((e) => e.t === 'req.completed' || e.t === 'module.fault').length;
  }
  t.true(callers > 100, 'the fixtures hold completions and faults to upgrade');
});

test('every version-1 golden replays exactly on the reference host', (t) => {
  for (const name of v1Files.filter((f) => !f.includes('-seed'))) {
    const scenario = catalogue.find((s) => `${s.name}.trace` === name);
    if (scenario === undefined) return t.fail(`no scenario for ${name}`);
    const r = replayRun(scenarioTarget(scenario).build(), recordedRun(readTrace(readFileSync(`${V1_DIR}${name}`))), 'exact');
    t.true(r.matched, `${name}: ${r.divergence?.message ?? ''}`);
  }
});

/** A run with eager launch errors: `module.fault` events with request 0, named by the `ffi.launch` after them. */
function eagerRun(): { events: TraceEvent[]; bytes: Uint8Array } {
  const scenario = catalogue.find((s) => s.name === 'not-found-named-module');
  if (scenario === undefined) throw new Error('no not-found-named-module');
  const target = scenarioTarget(scenario);
  const options = { seed: '3', strategy: { kind: 'random' } as const, policies: { ...target.policies, errors: 'eager' as const }, budgets: target.budgets };
  const r = recordRun(target, options, { seed: '3', strategy: { kind: 'random' }, mode: 'record', parent: null }, undefined);
  return { events: [...readTrace(r.bytes!).events], bytes: r.bytes! };
}

test('an eager launch error is named by the launch after it, wherever the chunks are cut', (t) => {
  const { events, bytes } = eagerRun();
  const eager = events.filter((e) => e.t === 'module.fault' && e.request === 0n);
  t.true(eager.length > 0, 'the run has eager launch errors');
  const { header, footer } = readTrace(bytes);
  for (const flushEvery of [1, 2, 3, 7, 512]) {
    const v1 = v1Trace(header, events, footer.outcome, flushEvery);
    t.is(eventsKey(readTrace(v1).events), eventsKey(events), `flushEvery ${flushEvery}`);
    // A cursor holds the event back across the chunk boundary, and hands it over in order.
    const cursor = traceCursor(bytesSource(v1));
    const read: TraceEvent[] = [];
    for (let e = cursor.next(); e !== undefined; e = cursor.next()) read.push(e);
    t.is(eventsKey(read), eventsKey(events), `cursor, flushEvery ${flushEvery}`);
  }
});

test('where a version-1 trace does not name the caller, it is the empty string, and nothing is lost', (t) => {
  const { events, bytes } = eagerRun();
  const { header, footer } = readTrace(bytes);
  const at = events.findIndex((e) => e.t === 'module.fault' && e.request === 0n);
  // Cut right after the fault, one event a chunk: the launch that names its caller is not there.
  const cut = v1Trace(header, events.slice(0, at + 1), footer.outcome, 1, false);
  const prefix = readTracePrefix(cut);
  t.is(prefix.error?.reason, 'missing-footer');
  t.is(prefix.events.length, at + 1);
  t.is(eventsKey(prefix.events.slice(0, at)), eventsKey(events.slice(0, at)));
  t.like(prefix.events[at], { t: 'module.fault', request: 0n, caller: UNKNOWN_CALLER });
  // Damage in the chunk after it: the held fault is still handed over, before the error.
  const damaged = v1Trace(header, events, footer.outcome, 1);
  const next = chunksOf(damaged)[at + 2]; // the header chunk, then one chunk per event
  damaged[next.end - 1] ^= 0xff;
  const read = readTracePrefix(damaged);
  t.is(read.error?.reason, 'crc-mismatch');
  t.is(read.events.length, at + 1);
  t.like(read.events[at], { t: 'module.fault', request: 0n, caller: UNKNOWN_CALLER });
  // A completion of a request never launched in the trace.
  const lone: TraceEvent = { t: 'req.completed', at: 1, request: 9n, caller: 'guest', code: 0, output: new Uint8Array(0) };
  const loneTrace = v1Trace(sampleHeader(), [lone], { kind: 'pass' }, 512);
  t.like(readTrace(loneTrace).events[0], { t: 'req.completed', request: 9n, caller: UNKNOWN_CALLER });
});

test('a version-1 event of the wrong length is bad-event, named for its version-1 shape', (t) => {
  const completed: TraceEvent = { t: 'req.completed', at: 1, request: 1n, caller: 'guest', code: 0, output: new Uint8Array(0) };
  // Version 2's array (with the caller) in a version-1 trace.
  const bytes = v1TraceOf(sampleHeader(), [pack([[11, 1, 1, 'guest', 0, new Uint8Array(0)]])], 1);
  const error = t.throws(() => readTrace(bytes), { instanceOf: TraceFormatError });
  t.is(error?.reason, 'bad-event');
  t.regex(error?.message ?? '', /event #0: req\.completed: expected an array of 5 items/);
  t.is(readTrace(v1TraceOf(sampleHeader(), [pack([v1Wire(completed)])], 1)).events.length, 1);
  // A version-2 header (11 items) in a version-1 trace.
  const v2Header = traceOf(sampleHeader(), [], 0);
  v2Header[8] = 1;
  const headerError = t.throws(() => readTrace(v2Header), { instanceOf: TraceFormatError });
  t.is(headerError?.reason, 'bad-event');
  t.regex(headerError?.message ?? '', /header: expected a header array of 9 items, got array of 11/);
});
