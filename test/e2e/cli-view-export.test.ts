/**
 * `arksim export` through the real CLI: the Chrome trace's structure (what Perfetto and
 * chrome://tracing need), and the HTML page being one self-contained file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { scriptJson } from '../../cli/view/html.js';
import { memoryTarget, TraceWriter } from '../../recorder/index.js';
import type { TraceEvent } from '../../sim/events.js';
import { arksim, isOneLineError } from '../helpers/cli.js';
import { syntheticHeader } from '../helpers/long-trace.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('cli-export');
const path = (name: string): string => join(dir, name);

interface ChromeEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly s?: string;
  readonly cat?: string;
  readonly cname?: string;
  readonly args: Record<string, unknown>;
}
interface ChromeTrace {
  readonly traceEvents: readonly ChromeEvent[];
  readonly displayTimeUnit: string;
}
interface JsonEvent {
  readonly eventIndex: number;
  readonly t: string;
  readonly at: number;
  readonly [field: string]: unknown;
}

function record(name: string, args: readonly string[]): string {
  const out = path(name);
  const r = arksim(['run', ...args, '--out', out]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`arksim run ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return out;
}

function exportChrome(trace: string): ChromeTrace {
  const out = `${trace}.chrome.json`;
  const r = arksim(['export', trace, '--format', 'chrome', '--out', out]);
  if (r.code !== 0) throw new Error(`export exited ${r.code}: ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as ChromeTrace;
}

function events(trace: string): JsonEvent[] {
  return (JSON.parse(arksim(['inspect', trace, '--json']).stdout) as { events: JsonEvent[] }).events;
}

function threadNames(trace: ChromeTrace): Map<number, string> {
  const names = new Map<number, string>();
  for (const e of trace.traceEvents) {
    if (e.ph === 'M' && e.name === 'thread_name') {
      if (names.has(e.tid)) throw new Error(`tid ${e.tid} named twice`);
      names.set(e.tid, String(e.args['name']));
    }
  }
  return names;
}

/** Structure every viewer relies on: known phases, numbers where numbers go, named threads, nested complete events. */
function assertWellFormed(t: ExecutionContext, trace: ChromeTrace): void {
  t.is(trace.displayTimeUnit, 'ms');
  t.true(Array.isArray(trace.traceEvents));
  const names = threadNames(trace);
  const processName = trace.traceEvents.find((e) => e.ph === 'M' && e.name === 'process_name');
  t.regex(String(processName?.args['name']), /^arksim: /);
  const spans = new Map<number, { start: number; end: number; name: string }[]>();
  for (const e of trace.traceEvents) {
    t.true(['M', 'X', 'i'].includes(e.ph), `phase ${e.ph}`);
    t.true(typeof e.name === 'string' && e.name !== '');
    t.is(e.pid, 1);
    t.true(Number.isInteger(e.tid));
    t.is(typeof e.args, 'object');
    if (e.ph === 'M') continue;
    t.true(names.has(e.tid), `event "${e.name}" is on a named thread`);
    t.true(typeof e.ts === 'number' && Number.isFinite(e.ts) && e.ts >= 0, `ts of ${e.name}`);
    if (e.ph === 'i') t.true(e.s === 't' || e.s === 'g', `instant scope of ${e.name}`);
    if (e.ph === 'X') {
      t.true(typeof e.dur === 'number' && e.dur >= 0, `dur of ${e.name}`);
      const list = spans.get(e.tid) ?? [];
      list.push({ start: e.ts as number, end: (e.ts as number) + (e.dur as number), name: e.name });
      spans.set(e.tid, list);
    }
  }
  // Complete events on one thread must nest (chrome://tracing draws partial overlaps wrongly).
  for (const [tid, list] of spans) {
    for (const a of list) {
      for (const b of list) {
        const partial = a.start < b.start && b.start < a.end && a.end < b.end;
        t.false(partial, `tid ${tid}: "${a.name}" and "${b.name}" overlap without nesting`);
      }
    }
  }
}

let fanout = '';
let errors = '';
let failing = '';

test.before(() => {
  fanout = record('fanout.trace', ['fanout', '--seed', '3']);
  errors = record('trap.trace', ['callee-trap-and-panic', '--seed', '1']);
  failing = record('failing.trace', ['fanout', '--seed', '3', '--frames', '2']);
});

test('export chrome: one named thread per module and per request, then the run', (t) => {
  const trace = exportChrome(fanout);
  assertWellFormed(t, trace);
  const names = [...threadNames(trace).entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
  const requests = events(fanout).filter((e) => e.t === 'req.launched').map((e) => `request ${String(e['request'])} (worker.work)`);
  t.is(requests.length, 8);
  t.deepEqual(names, ['guest', 'worker', ...requests, 'run']);
  // Viewers order threads by sort index: modules, then requests, then the run.
  const sort = trace.traceEvents.filter((e) => e.name === 'thread_sort_index').sort((a, b) => a.tid - b.tid).map((e) => e.args['sort_index']);
  t.deepEqual(sort, names.map((_, i) => i));
});

test('export chrome: each request is a complete event from req.launched to req.completed on its own thread', (t) => {
  const trace = exportChrome(fanout);
  const names = threadNames(trace);
  const evs = events(fanout);
  for (const launched of evs.filter((e) => e.t === 'req.launched')) {
    const completed = evs.find((e) => e.t === 'req.completed' && e['request'] === launched['request']);
    const label = `request ${String(launched['request'])} (worker.work)`;
    const tid = [...names].find(([, n]) => n === label)?.[0];
    const span = trace.traceEvents.find((e) => e.ph === 'X' && e.cat === 'request' && e.tid === tid);
    t.truthy(span, label);
    t.is(span?.ts, launched.at);
    t.is(span?.dur, (completed?.at ?? NaN) - launched.at);
    t.is(span?.args['due'], `${Number(launched['due']).toLocaleString('en-US')} us`);
  }
  // Launches, polls and retrieves are on the caller's (the guest's) thread, at their virtual time.
  const guest = [...names].find(([, n]) => n === 'guest')?.[0];
  const onGuest = trace.traceEvents.filter((e) => e.tid === guest && e.ph !== 'M');
  t.is(onGuest.filter((e) => e.cat === 'launch').length, 8);
  t.is(onGuest.filter((e) => e.cat === 'poll').length, evs.filter((e) => e.t === 'ffi.is_ready').length);
  t.is(onGuest.filter((e) => e.cat === 'retrieve').length, 8);
  const firstLaunch = onGuest.find((e) => e.cat === 'launch');
  t.like(firstLaunch, { ph: 'i', ts: 0, name: 'launch worker.work → 2' });
  t.is(firstLaunch?.args['input'], '0x0100fe (3 B)');
  const frames = trace.traceEvents.filter((e) => e.cat === 'frame');
  t.is(frames.length, evs.filter((e) => e.t === 'frame').length);
  t.true(frames.every((e) => e.ph === 'i'));
});

test('export chrome: error codes, module faults and a failing outcome are marked', (t) => {
  const trace = exportChrome(errors);
  assertWellFormed(t, trace);
  const faults = trace.traceEvents.filter((e) => e.cat === 'fault');
  t.true(faults.length > 0);
  t.true(faults.every((e) => e.cname === 'terrible' && typeof e.args['error'] === 'string'));
  const failedRequests = trace.traceEvents.filter((e) => e.cat === 'request' && e.args['error'] !== undefined);
  t.true(failedRequests.length > 0);
  t.true(failedRequests.every((e) => e.cname === 'terrible'));
  t.true(trace.traceEvents.some((e) => e.args['error'] === 'InternalError (4)'));
  const ok = trace.traceEvents.filter((e) => e.ph !== 'M' && e.args['error'] === undefined);
  t.true(ok.every((e) => e.cname === undefined), 'only errors are coloured');

  const failed = exportChrome(failing);
  assertWellFormed(t, failed);
  const outcome = failed.traceEvents.find((e) => e.cat === 'outcome');
  t.like(outcome, { ph: 'i', s: 'g', cname: 'terrible' });
  t.regex(String(outcome?.args['error']), /budget-exhausted/);
});

test('export writes next to the trace by default, with .json or .html appended', (t) => {
  const chrome = arksim(['export', fanout, '--format', 'chrome']);
  t.is(chrome.code, 0, chrome.stderr);
  t.true(existsSync(`${fanout}.json`));
  t.regex(chrome.stdout, /fanout\.trace\.json: Chrome trace of \d+ events, 2 module tracks, 8 request tracks/);
  const html = arksim(['export', fanout, '--format', 'html']);
  t.is(html.code, 0, html.stderr);
  t.true(existsSync(`${fanout}.html`));
});

test('export html: one self-contained file, no network references, the data as a JSON block', (t) => {
  const out = path('fanout.html');
  const r = arksim(['export', fanout, '--format', 'html', '--out', out]);
  t.is(r.code, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  t.true(html.startsWith('<!doctype html>'));
  t.notRegex(html, /https?:\/\//, 'no http:// or https:// anywhere');
  t.notRegex(html, /<link\b|<img\b|<iframe\b|@import|url\(|\bsrc=/i, 'nothing loaded from elsewhere');
  t.is(html.match(/<script\b/g)?.length, 2, 'the data block and one inline script');
  const block = /<script type="application\/json" id="trace-data">([\s\S]*?)<\/script>/.exec(html);
  t.truthy(block);
  // Tracks as [kind, label]; items as [id, track, kind, ...] (html.ts, pageItem).
  const data = JSON.parse(block?.[1] ?? '') as { tracks: [string, string][]; items: unknown[][] };
  t.deepEqual(data.tracks.filter(([kind]) => kind === 'module').map(([, label]) => label), ['guest', 'worker']);
  t.is(data.tracks.filter(([kind]) => kind === 'request').length, 8);
  t.true(data.items.some((i) => i[2] === 'launch'));
  t.is(data.items.length, events(fanout).length, 'an item an event');
  t.true(html.length < 200_000);
});

/** `events` as a finished trace file at `name`, its header naming `scenario`. */
function writeTrace(name: string, scenario: string, list: readonly TraceEvent[]): string {
  const w = new TraceWriter(syntheticHeader(scenario), memoryTarget());
  for (const e of list) w.emit(e);
  const out = path(name);
  writeFileSync(out, w.finish({ kind: 'pass' }));
  return out;
}

/** The strings anywhere in a parsed JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function htmlData(file: string): { tracks: [string, string][]; items: unknown[][] } {
  const block = /<script type="application\/json" id="trace-data">([\s\S]*?)<\/script>/.exec(readFileSync(file, 'utf8'));
  return JSON.parse(block?.[1] ?? '') as { tracks: [string, string][]; items: unknown[][] };
}

test('a log line cut for its name keeps an emoji at the cut whole: no lone surrogate in the Chrome JSON or the HTML page', (t) => {
  const message = `${'a'.repeat(59)}😀 and the rest`;
  const trace = writeTrace('emoji.trace', 'emoji', [
    { t: 'log', at: 1, module: 'worker', message },
    { t: 'log', at: 2, module: 'worker', message: '😀'.repeat(100) },
  ]);
  const chrome = exportChrome(trace);
  const logs = chrome.traceEvents.filter((e) => e.cat === 'log');
  t.deepEqual(
    logs.map((e) => e.name),
    [`log: ${'a'.repeat(59)}😀`, `log: ${'😀'.repeat(60)}`],
  );
  t.is(logs[0]?.args['message'], message, 'the details keep the whole message');
  t.deepEqual(strings(chrome).filter((s) => LONE_SURROGATE.test(s)), []);

  const out = path('emoji.html');
  const r = arksim(['export', trace, '--format', 'html', '--out', out]);
  t.is(r.code, 0, r.stderr);
  const data = htmlData(out);
  t.deepEqual(
    data.items.filter((i) => i[2] === 'log').map((i) => i[7]),
    [`log: ${'a'.repeat(59)}😀`, `log: ${'😀'.repeat(60)}`],
  );
  t.deepEqual(strings(data).filter((s) => LONE_SURROGATE.test(s)), []);
});

test('text from the guest and the trace stays inert: escaped in the page, its data block plain ASCII, and read back exactly', (t) => {
  const evil = '</script><script>alert(1)</script><!-- & \u2028\u2029 "\' <img src=x onerror=alert(2)>';
  const trace = writeTrace('evil.trace', `<b>${evil}</b>`, [
    { t: 'ffi.create_function', at: 0, caller: 'guest', fnType: 1, module: evil, name: evil, code: 0, handle: 1n },
    { t: 'req.launched', at: 1, request: 2n, caller: 'guest', module: evil, fn: evil, blocking: false, due: 3 },
    { t: 'module.fault', at: 4, request: 2n, caller: 'guest', module: evil, fn: evil, kind: 'panic', message: evil },
    { t: 'req.completed', at: 4, request: 2n, caller: 'guest', code: 4, output: new Uint8Array(0) },
    { t: 'log', at: 5, module: evil, message: evil },
  ]);
  const out = path('evil.html');
  const r = arksim(['export', trace, '--format', 'html', '--out', out]);
  t.is(r.code, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  t.is(html.match(/<script\b/g)?.length, 2, 'the data block and one inline script, no other');
  t.false(html.includes('<img'));
  t.false(html.includes('<b>'));
  const block = /<script type="application\/json" id="trace-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  t.regex(block, /^[\x20-\x7e]*$/, 'printable ASCII only: no <, > or & either');
  t.false(/[<>&]/.test(block));
  const data = htmlData(out);
  t.true(data.tracks.some(([, label]) => label === evil));
  t.true(data.tracks.some(([, label]) => label === `request 2 (${evil}.${evil})`));
  t.true(data.items.some((i) => i[7] === `create_function ${evil}.${evil}`));

  const chrome = exportChrome(trace);
  assertWellFormed(t, chrome);
  t.true(chrome.traceEvents.some((e) => e.name === 'thread_name' && e.args['name'] === evil));
  t.true(chrome.traceEvents.some((e) => e.name === `create_function ${evil}.${evil}`));
});

test('export of a damaged trace writes the readable part, then reports the damage: exit 2', (t) => {
  const bytes = readFileSync(errors);
  const cut = path('trap-cut.trace');
  writeFileSync(cut, bytes.subarray(0, bytes.length - 20));
  const r = arksim(['export', cut, '--format', 'chrome']);
  t.is(r.code, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /trap-cut\.trace: bad trace at byte \d+/);
  t.regex(r.stdout, /\(the readable part only\)/);
  const partial = JSON.parse(readFileSync(`${cut}.json`, 'utf8')) as ChromeTrace;
  assertWellFormed(t, partial);

  // A recording killed mid-run: requests still in flight run to the end of what was written.
  const killed = path('killed.trace');
  try {
    execFileSync(process.execPath, ['dist/test/fixtures/record-and-die.js', killed, '100'], { stdio: 'ignore' });
  } catch {
    // SIGKILL, as intended.
  }
  const k = arksim(['export', `${killed}.partial`, '--format', 'chrome', '--out', path('killed.json')]);
  t.is(k.code, 2);
  t.true(isOneLineError(k.stderr), k.stderr);
  t.regex(k.stderr, /missing-footer/);
  const killedTrace = JSON.parse(readFileSync(path('killed.json'), 'utf8')) as ChromeTrace;
  assertWellFormed(t, killedTrace);
  t.true(killedTrace.traceEvents.some((e) => e.name === 'running (unfinished)' || (e.cat === 'request' && e.args['completed'] === 'not by the end of the trace')));

  const none = arksim(['export', fanout]);
  t.is(none.code, 2, 'a missing --format is bad usage');
  const bad = arksim(['export', fanout, '--format', 'svg']);
  t.is(bad.code, 2);
});

test('the HTML data block cannot be ended or confused by text in the trace', (t) => {
  const hostile = { message: '</script><script>alert(1)</script><!-- & -->', sep: '\u2028' };
  const text = scriptJson(hostile);
  t.false(text.includes('<'));
  t.false(text.includes('>'));
  t.deepEqual(JSON.parse(text), hostile);
});
