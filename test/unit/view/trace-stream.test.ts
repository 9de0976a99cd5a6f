/**
 * The streaming reader export uses (cli/view/trace-stream.ts), and the same read an event
 * at a time that diff uses, read exactly what `readTracePrefix` reads: the same events,
 * header and footer, and the same error at the same byte, for whole, cut, corrupted and
 * hand-made traces.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { memoryTarget, readTracePrefix, TraceWriter } from '../../../recorder/index.js';
import type { TraceEvent } from '../../../sim/events.js';
import { closeTrace, cursorOf, openTrace, streamTrace, type TraceFile, type TraceRead } from '../../../cli/view/trace-stream.js';
import { UsageError } from '../../../cli/errors.js';
import { concat, eventsPayload, frameEvent, fixarray, headerChunk, ChunkKind, traceOf } from '../recorder/craft.js';
import { encodeChunk } from '../../../recorder/layout.js';
import { everyKind, sampleHeader, sampleRun, TestRng } from '../recorder/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dir = tempDir('trace-stream');

const header = sampleHeader();
const events = sampleRun(20, 6);
const bytes = (() => {
  const writer = new TraceWriter(header, memoryTarget(), { flushEvery: 16 });
  for (const e of events) writer.emit(e);
  return writer.finish({ kind: 'failure', reason: 'deadlock', message: 'stuck', module: 'guest' });
})();

let files = 0;

/** `file` read an event at a time (as diff reads it): its events and what the read found. */
function cursorRead(file: TraceFile): { events: TraceEvent[]; read: TraceRead } {
  const cursor = cursorOf(file);
  const events: TraceEvent[] = [];
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) events.push(e);
  if (cursor.next() !== undefined) throw new Error('an event after the end');
  return { events, read: cursor.visit() };
}

/** What a read found, comparably. */
function found(read: TraceRead): unknown {
  return {
    header: read.header,
    footer: read.footer,
    error: read.error === undefined ? undefined : [read.error.reason, read.error.offset, read.error.message],
    count: read.eventCount,
  };
}

/** Reads `input` streamed, an event at a time and whole; true when they agree (failing `t` with the difference when not). */
function same(t: ExecutionContext, input: Uint8Array, what: string): boolean {
  const path = join(dir, `t${files++}.trace`);
  writeFileSync(path, input);
  const expected = readTracePrefix(input);
  const streamed: TraceEvent[] = [];
  let headerFirst = true;
  const file = openTrace(path);
  let read;
  let cursored;
  try {
    read = streamTrace(file, {
      header: () => {
        headerFirst = streamed.length === 0;
      },
      event: (e, i) => {
        if (i !== streamed.length) throw new Error(`event index ${i} after ${streamed.length} events`);
        streamed.push(e);
      },
    });
    cursored = cursorRead(file);
  } finally {
    closeTrace(file);
  }
  rmSync(path);
  const got = found(read);
  const want = {
    header: expected.header,
    footer: expected.footer,
    error: expected.error === undefined ? undefined : [expected.error.reason, expected.error.offset, expected.error.message],
    count: expected.events.length,
  };
  try {
    t.deepEqual(got, want, what);
    t.deepEqual(streamed, [...expected.events], what);
    t.true(headerFirst, what);
    t.deepEqual(found(cursored.read), want, `${what}, an event at a time`);
    t.deepEqual(cursored.events, [...expected.events], `${what}, an event at a time`);
  } catch {
    return false;
  }
  return JSON.stringify(got) === JSON.stringify(want) && JSON.stringify(found(cursored.read)) === JSON.stringify(want);
}

test('a whole trace: every event, the header and the footer, no error', (t) => {
  t.true(same(t, bytes, 'whole'));
  const read = readTracePrefix(bytes);
  t.is(read.events.length, events.length);
});

test('cut at every byte: the same events and the same error as readTracePrefix', (t) => {
  for (let end = 0; end < bytes.length; end++) {
    if (!same(t, bytes.subarray(0, end), `cut at ${end}`)) return;
  }
});

test('500 seeded single-byte corruptions: the same events and the same error', (t) => {
  const rng = new TestRng(7);
  for (let i = 0; i < 500; i++) {
    const damaged = bytes.slice();
    const at = rng.below(damaged.length);
    damaged[at] = (damaged[at]! + 1 + rng.below(255)) & 0xff;
    if (!same(t, damaged, `byte ${at} changed`)) return;
  }
});

test('hand-made damage: a misfit event mid-chunk, a second header, bytes after the footer, wrong counts', (t) => {
  const all = everyKind();
  const misfit = encodeChunk(ChunkKind.events, concat(Uint8Array.of(0x93), frameEvent(1, 1), frameEvent(2, 2), fixarray(Uint8Array.of(13))));
  const h = headerChunk(header);
  const good = traceOf(header, [eventsPayload(all)], all.length);
  const cases: [string, Uint8Array][] = [
    ['every kind', good],
    ['misfit', concat(good.subarray(0, 10 + h.length), misfit)],
    ['second header', concat(good.subarray(0, 10 + h.length), h)],
    ['after the footer', concat(good, Uint8Array.of(1, 2, 3))],
    ['count', traceOf(header, [eventsPayload(all)], all.length + 1)],
    ['digest', traceOf(header, [eventsPayload(all)], all.length, { digest: '0'.repeat(64) })],
    ['no footer', traceOf(header, [eventsPayload(all), eventsPayload(all)], 0, null)],
    ['not a trace', Uint8Array.from(Buffer.from('hello, world'))],
    ['empty', new Uint8Array(0)],
  ];
  for (const [what, input] of cases) same(t, input, what);
});

test('no such file, a directory: UsageError in the words inspect uses', (t) => {
  t.throws(() => openTrace(join(dir, 'none.trace')), { instanceOf: UsageError, message: /none\.trace: no such file$/ });
  writeFileSync(join(dir, 'run.trace.partial'), bytes);
  t.throws(() => openTrace(join(dir, 'run.trace')), { instanceOf: UsageError, message: /run\.trace\.partial exists: the recording did not finish/ });
  t.throws(() => openTrace(dir), { instanceOf: UsageError, message: /is a directory, not a trace/ });
});
