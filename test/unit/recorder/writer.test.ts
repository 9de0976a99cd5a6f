import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceEvent } from '../../../sim/events.js';
import {
  createTraceHeader,
  fileTarget,
  memoryTarget,
  partialPath,
  readTrace,
  readTraceFile,
  readTracePrefix,
  TRACE_LIMITS,
  TracePartialOnlyError,
  TraceWriter,
} from '../../../recorder/index.js';
import { chunksOf, ChunkKind, concat, eventsKey } from './craft.js';
import { sampleHeader, sampleRun } from './fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

const header = sampleHeader();

test('the file target writes the same bytes as the memory target', (t) => {
  const dir = tempDir('recorder', t);
  const events = sampleRun(50, 2);
  const path = join(dir, 'run.trace');
  const toFile = new TraceWriter(header, fileTarget(path), { flushEvery: 100 });
  const toMemory = new TraceWriter(header, memoryTarget(), { flushEvery: 100 });
  for (const e of events) {
    toFile.emit(e);
    toMemory.emit(e);
  }
  t.is(toFile.finish({ kind: 'pass' }), path);
  const bytes = toMemory.finish({ kind: 'pass' });
  t.deepEqual(new Uint8Array(readFileSync(path)), bytes);
  t.deepEqual(toFile.footer, toMemory.footer);
  t.is(toFile.footer?.eventCount, events.length);
  t.is(eventsKey(readTraceFile(path).events), eventsKey(events));
});

test('the partial file holds every completed chunk; the final file appears only on finish', (t) => {
  const dir = tempDir('recorder', t);
  const path = join(dir, 'run.trace');
  const partial = partialPath(path);
  t.is(partial, `${path}.partial`);
  const events = sampleRun(30, 3);
  const flushEvery = 10;
  const writer = new TraceWriter(header, fileTarget(path), { flushEvery });
  const initial = readTracePrefix(readFileSync(partial));
  t.deepEqual(initial.header, header);
  t.deepEqual(initial.events, []);
  t.is(initial.error?.reason, 'missing-footer');
  events.forEach((event, i) => {
    writer.emit(event);
    t.false(existsSync(path));
    const prefix = readTracePrefix(readFileSync(partial));
    const written = Math.floor((i + 1) / flushEvery) * flushEvery;
    if (prefix.events.length !== written || prefix.error?.reason !== 'missing-footer') {
      t.fail(`after event ${i}: ${prefix.events.length} events readable, expected ${written}; ${prefix.error?.message}`);
    }
  });
  t.is(eventsKey(readTracePrefix(readFileSync(partial)).events), eventsKey(events.slice(0, Math.floor(events.length / flushEvery) * flushEvery)));
  writer.finish({ kind: 'pass' });
  t.true(existsSync(path));
  t.false(existsSync(partial));
  t.is(eventsKey(readTraceFile(path).events), eventsKey(events));
});

test('a process killed mid-run leaves a partial trace with every completed chunk', (t) => {
  const dir = tempDir('recorder', t);
  const path = join(dir, 'killed.trace');
  const recorderUrl = new URL('../../../recorder/index.js', import.meta.url).href;
  const fixturesUrl = new URL('./fixtures.js', import.meta.url).href;
  const script = `
    const { TraceWriter, fileTarget } = await import(${JSON.stringify(recorderUrl)});
    const { sampleHeader, sampleRun } = await import(${JSON.stringify(fixturesUrl)});
    const w = new TraceWriter(sampleHeader(), fileTarget(${JSON.stringify(path)}), { flushEvery: 10 });
    for (const e of sampleRun(30, 3).slice(0, 35)) w.emit(e);
    process.kill(process.pid, 'SIGKILL');
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  t.is(child.signal, 'SIGKILL', child.stderr);
  t.false(existsSync(path));
  const prefix = readTracePrefix(readFileSync(partialPath(path)));
  t.is(prefix.error?.reason, 'missing-footer');
  t.is(eventsKey(prefix.events), eventsKey(sampleRun(30, 3).slice(0, 30)));
  const error = t.throws(() => readTraceFile(path), { instanceOf: TracePartialOnlyError });
  t.regex(error.message, /killed\.trace\.partial exists: the recording did not finish/);
  t.is(error.code, 'ENOENT');
});

test('abort removes the partial file and never creates the trace', (t) => {
  const dir = tempDir('recorder', t);
  const path = join(dir, 'aborted.trace');
  const writer = new TraceWriter(header, fileTarget(path), { flushEvery: 2 });
  for (const e of sampleRun(3, 1)) writer.emit(e);
  t.true(existsSync(partialPath(path)));
  writer.abort();
  t.false(existsSync(partialPath(path)));
  t.false(existsSync(path));
  t.throws(() => writer.emit({ t: 'frame', at: 0, index: 0 }), { message: /aborted/ });
  t.throws(() => readTraceFile(path), { code: 'ENOENT' });
});

test('a stale partial file is overwritten, and an existing trace replaced on finish', (t) => {
  const dir = tempDir('recorder', t);
  const path = join(dir, 'again.trace');
  writeFileSync(partialPath(path), 'stale bytes from a killed run');
  writeFileSync(path, 'an older trace');
  const writer = new TraceWriter(header, fileTarget(path));
  t.deepEqual(readTracePrefix(readFileSync(partialPath(path))).header, header);
  writer.emit({ t: 'frame', at: 0, index: 0 });
  writer.finish({ kind: 'pass' });
  t.deepEqual(readTraceFile(path).events, [{ t: 'frame', at: 0, index: 0 }]);
});

test('an event that does not fit the schema fails the writer at its emit, naming the event and field', (t) => {
  const writer = new TraceWriter(header, memoryTarget(), { flushEvery: 4 });
  writer.emit({ t: 'frame', at: 0, index: 0 });
  const error = t.throws(() => writer.emit({ t: 'ffi.remove_function', at: 1, caller: 'guest', handle: 5 as unknown as bigint, code: 0 }), {
    instanceOf: TypeError,
  });
  t.regex(error.message, /cannot record event #1 \(ffi\.remove_function\): ffi\.remove_function\.handle: expected a u64 bigint, got number 5/);
  t.throws(() => writer.emit({ t: 'frame', at: 4, index: 3 }), { message: /failed/ });
  t.throws(() => writer.flush(), { message: /failed/ });
  t.throws(() => writer.finish({ kind: 'pass' }), { message: /failed/ });
  t.notThrows(() => writer.abort());
  const odd = new TraceWriter(header, memoryTarget());
  t.throws(() => odd.emit(null as unknown as TraceEvent), { instanceOf: TypeError, message: /cannot record event #0 \(null\): unknown event tag: undefined/ });
});

test('events are encoded at emit: changing one afterwards changes nothing', (t) => {
  const events = sampleRun(10, 4);
  const reference = new TraceWriter(header, memoryTarget(), { flushEvery: 8 });
  const writer = new TraceWriter(header, memoryTarget(), { flushEvery: 8 });
  for (const e of events) {
    reference.emit(e);
    const copy = { ...e } as Record<string, unknown>;
    writer.emit(copy as unknown as TraceEvent);
    copy.at = -1;
    if (e.t === 'req.completed') (copy.output as Uint8Array).fill(0xee);
  }
  const outcome = { kind: 'pass' } as const;
  t.deepEqual(writer.finish(outcome), reference.finish(outcome), 'the same bytes as events left alone');
});

test('the target gets whole chunks, as views it may keep, never touched again', (t) => {
  const writes: Uint8Array[] = [];
  const copies: Uint8Array[] = [];
  const target = {
    write(bytes: Uint8Array) {
      writes.push(bytes);
      copies.push(bytes.slice());
    },
    finish: () => 'done',
    abort: () => undefined,
  };
  const writer = new TraceWriter(header, target, { flushEvery: 7 });
  // enough bytes to move to new buffers several times
  for (const e of sampleRun(200, 3)) writer.emit(e);
  t.is(writer.finish({ kind: 'pass' }), 'done');
  t.true(writes.length > 10);
  writes.forEach((bytes, i) => t.deepEqual(bytes, copies[i], `write ${i}`));
  const whole = concat(...copies);
  t.is(readTrace(whole).events.length, sampleRun(200, 3).length);
});

test('the memory target returns the trace without a copy when it is one run of bytes, and copies otherwise', (t) => {
  const events = sampleRun(3, 1);
  const one = memoryTarget();
  const writer = new TraceWriter(header, one);
  for (const e of events) writer.emit(e);
  const bytes = writer.finish({ kind: 'pass' });
  t.is(eventsKey(readTrace(bytes).events), eventsKey(events));
  const parts = memoryTarget();
  parts.write(Uint8Array.of(1, 2));
  parts.write(Uint8Array.of(3));
  const joined = parts.finish();
  t.deepEqual(joined, Uint8Array.of(1, 2, 3));
  t.is(joined.buffer.byteLength, 3);
  const shared = new Uint8Array(8).fill(9);
  const views = memoryTarget();
  views.write(shared.subarray(2, 4));
  views.write(shared.subarray(4, 5));
  const view = views.finish();
  t.deepEqual(view, Uint8Array.of(9, 9, 9));
  t.is(view.buffer, shared.buffer, 'consecutive views of one buffer are returned as one view');
  t.deepEqual(memoryTarget().finish(), new Uint8Array(0));
});

test('unknown tags, out-of-range u64s and oversized strings are refused', (t) => {
  const cases: readonly [TraceEvent, RegExp][] = [
    [{ t: 'nope', at: 0 } as unknown as TraceEvent, /unknown event tag: string "nope"/],
    [{ t: 'draw.handle', at: 0, value: 1n << 64n }, /draw\.handle\.value: expected a u64 bigint/],
    [{ t: 'draw.handle', at: 0, value: -1n }, /draw\.handle\.value: expected a u64 bigint/],
    [{ t: 'frame', at: 1.5, index: 0 }, /frame\.at: expected an integer number, got number 1.5/],
    [{ t: 'frame', at: Number.NaN, index: 0 }, /frame\.at/],
    [{ t: 'log', at: 0, module: 'g', message: 'x'.repeat(1024 * 1024 + 1) }, /log\.message: string of 1048577 UTF-8 bytes exceeds maxStringBytes/],
    [{ t: 'ffi.rejected', at: 0, caller: 'g', call: 'nope' as 'launch', args: [], reason: '', code: 0 }, /ffi\.rejected\.call: expected an FFI call name/],
    [{ t: 'ffi.rejected', at: 0, caller: 'g', call: 'launch', args: [1n << 64n], reason: '', code: 0 }, /ffi\.rejected\.args/],
    [{ t: 'run.outcome', at: 0, outcome: { kind: 'failure', reason: 'panic', message: 'x', line: 1.5 } }, /run\.outcome\.outcome: expected an integer/],
  ];
  for (const [event, message] of cases) {
    const writer = new TraceWriter(header, memoryTarget(), { flushEvery: 1 });
    t.throws(() => writer.emit(event), { instanceOf: TypeError, message });
  }
});

test('invalid headers and options are refused before anything is written', (t) => {
  t.throws(() => createTraceHeader({ ...header, wasm: [{ name: 'g', role: 'guest', sha256: 'xyz' }] }), {
    instanceOf: TypeError,
    message: /invalid trace header: wasm: \[0\]: sha256: expected a SHA-256/,
  });
  t.throws(() => createTraceHeader({ ...header, mode: 'other' as 'record' }), { message: /mode: expected a trace mode/ });
  t.throws(() => createTraceHeader({ ...header, policies: { ...header.policies, faults: 2 } }), { message: /policies: faults: expected a probability/ });
  t.throws(() => createTraceHeader({ ...header, policies: { ...header.policies, latency: { kind: 'uniform', min: 5, max: 1 } } }), {
    message: /min 5 is greater than max 1/,
  });
  t.throws(() => createTraceHeader({ ...header, parent: 'abc' }), { message: /parent: expected a SHA-256/ });
  t.throws(() => new TraceWriter({ ...header, magic: 'x' as 'arksim-trace' }, memoryTarget()), { instanceOf: TypeError, message: /magic/ });
  for (const flushEvery of [0, 1.5, 65_537, Number.NaN]) {
    t.throws(() => new TraceWriter(header, memoryTarget(), { flushEvery }), { instanceOf: TypeError, message: /flushEvery/ });
  }
  t.is(createTraceHeader({ ...header, parent: 'c'.repeat(64), scenario: null }).parent, 'c'.repeat(64));
});

test('the writer buffers byte-heavy events less: 4 MiB of bytes flush a chunk early', (t) => {
  const writer = new TraceWriter(header, memoryTarget());
  const big = new Uint8Array(1024 * 1024).fill(7);
  for (let i = 0; i < 9; i++) writer.emit({ t: 'req.completed', at: i, request: BigInt(i), caller: 'guest', code: 0, output: big });
  writer.flush();
  writer.flush(); // nothing buffered: no empty chunk
  const bytes = writer.finish({ kind: 'pass' });
  const eventChunks = chunksOf(bytes).filter((c) => c.kind === ChunkKind.events);
  t.deepEqual(eventChunks.map((c) => Math.round(c.length / (1024 * 1024))), [4, 4, 1]);
  t.is(readTrace(bytes).events.length, 9);
});

test('large strings close a chunk early too, at 4 MiB of payload', (t) => {
  const writer = new TraceWriter(header, memoryTarget());
  const message = 'm'.repeat(1024 * 1024);
  for (let i = 0; i < 9; i++) writer.emit({ t: 'log', at: i, module: 'guest', message });
  const bytes = writer.finish({ kind: 'pass' });
  t.deepEqual(
    chunksOf(bytes)
      .filter((c) => c.kind === ChunkKind.events)
      .map((c) => Math.round(c.length / (1024 * 1024))),
    [4, 4, 1],
  );
});

test('the largest legal list fits one chunk and reads back; one item more is refused, naming the field', (t) => {
  // maxArrayItems floats in an ffi.rejected's args, 9 bytes each: about 9 MiB, past the
  // 4 MiB at which a chunk closes, far below maxChunkBytes.
  const writer = new TraceWriter(header, memoryTarget());
  const message = 'm'.repeat(1024 * 1024);
  for (let i = 0; i < 3; i++) writer.emit({ t: 'log', at: i, module: 'guest', message });
  const args = new Array<number>(TRACE_LIMITS.maxArrayItems).fill(1.5);
  writer.emit({ t: 'ffi.rejected', at: 3, caller: 'g', call: 'launch', args, reason: '', code: 0 });
  writer.emit({ t: 'frame', at: 4, index: 0 });
  const bytes = writer.finish({ kind: 'pass' });
  const eventChunks = chunksOf(bytes).filter((c) => c.kind === ChunkKind.events);
  t.is(eventChunks.length, 2, 'the logs and the large event (its chunk closed at once: past 4 MiB); the frame');
  const trace = readTrace(bytes);
  t.deepEqual(
    trace.events.map((e) => e.t),
    ['log', 'log', 'log', 'ffi.rejected', 'frame'],
  );
  t.is(trace.footer.eventCount, 5);
  args.push(1.5);
  const over = new TraceWriter(header, memoryTarget());
  t.throws(() => over.emit({ t: 'ffi.rejected', at: 0, caller: 'g', call: 'launch', args, reason: '', code: 0 }), {
    instanceOf: TypeError,
    message: /ffi\.rejected\.args: 1048577 items exceed maxArrayItems \(1048576\)/,
  });
});

test('finish and abort are final', (t) => {
  const writer = new TraceWriter(header, memoryTarget());
  t.is(writer.eventCount, 0);
  writer.emit({ t: 'frame', at: 0, index: 0 });
  t.is(writer.eventCount, 1);
  t.is(writer.footer, undefined);
  writer.finish({ kind: 'failure', reason: 'trap', message: 'unreachable' });
  t.deepEqual(writer.footer?.outcome, { kind: 'failure', reason: 'trap', message: 'unreachable' });
  t.throws(() => writer.emit({ t: 'frame', at: 1, index: 1 }), { message: /finished/ });
  t.throws(() => writer.finish({ kind: 'pass' }), { message: /finished/ });
  t.throws(() => writer.abort(), { message: /abort after finish/ });
  const memory = memoryTarget();
  memory.write(Uint8Array.of(1));
  memory.abort();
  t.deepEqual(memory.finish(), new Uint8Array(0));
});

test('readTraceFile reports a missing file as ENOENT when there is no partial either', (t) => {
  const dir = tempDir('recorder', t);
  t.throws(() => readTraceFile(join(dir, 'nothing.trace')), { code: 'ENOENT' });
});

test('traces recorded to memory one after another, interleaved or aborted never overwrite each other', (t) => {
  // Short traces are written into pieces of shared slabs, and a finished writer gives
  // its unused room back: a later trace must start after every byte an earlier one kept.
  const kept: { bytes: Uint8Array; copy: Uint8Array; events: number }[] = [];
  const finish = (w: TraceWriter<Uint8Array>, events: number): void => {
    const bytes = w.finish({ kind: 'pass' });
    kept.push({ bytes, copy: bytes.slice(), events });
  };
  for (let i = 0; i < 60; i++) {
    const frames = 1 + (i % 7) * 3;
    const events = sampleRun(frames, i);
    if (i % 5 === 0) {
      // two writers open at once, and one that is aborted halfway
      const a = new TraceWriter(header, memoryTarget());
      const b = new TraceWriter(header, memoryTarget());
      const dropped = new TraceWriter(header, memoryTarget());
      for (const e of events) {
        a.emit(e);
        b.emit(e);
        dropped.emit(e);
      }
      dropped.abort();
      finish(b, events.length);
      finish(a, events.length);
    } else {
      const w = new TraceWriter(header, memoryTarget());
      for (const e of events) w.emit(e);
      finish(w, events.length);
    }
  }
  t.true(new Set(kept.map((k) => k.bytes.buffer)).size < kept.length, 'some traces share a buffer');
  for (const [i, k] of kept.entries()) {
    t.deepEqual(k.bytes, k.copy, `trace ${i} unchanged by the traces after it`);
    t.is(readTrace(k.bytes).events.length, k.events);
  }
});

test('two recordings to one path at once never share a file: the later publishes, the earlier refuses to', (t) => {
  const dir = tempDir('two-writers', t);
  const path = join(dir, 'same.trace');
  const events = sampleRun(40, 3);
  const first = new TraceWriter(header, fileTarget(path), { flushEvery: 5 });
  for (const e of events.slice(0, 20)) first.emit(e);
  const second = new TraceWriter(header, fileTarget(path), { flushEvery: 5 });
  for (const e of events.slice(0, 10)) second.emit(e);
  for (const e of events.slice(20)) first.emit(e);
  t.is(second.finish({ kind: 'pass' }), path);
  t.throws(() => first.finish({ kind: 'pass' }), { message: /was replaced by another recording to .*same\.trace while this one was written; this trace was not published/ });
  const published = readTraceFile(path);
  t.is(published.events.length, 10, "the second writer's trace, intact");
  t.false(existsSync(`${path}.partial`));
  // An aborting writer leaves another recording's partial file alone.
  const third = new TraceWriter(header, fileTarget(path));
  const fourth = new TraceWriter(header, fileTarget(path));
  third.abort();
  t.true(existsSync(`${path}.partial`));
  fourth.finish({ kind: 'pass' });
  t.is(readTraceFile(path).events.length, 0);
});
