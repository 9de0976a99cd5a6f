/**
 * `arksim export` of long traces: memory does not grow with the trace (a 200,000-event
 * trace exports in a 64 MB heap, where the whole-timeline export needed about 1 GB), and
 * an HTML page too long for a browser is refused with one line, not a crash. The heap
 * bound is the assertion; times are not asserted.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { MAX_HTML_EVENTS } from '../../cli/view/html.js';
import { arksimInHeap, isOneLineError, type CliResult } from '../helpers/cli.js';
import { requestsTrace } from '../helpers/long-trace.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('export-large');
const path = (name: string): string => join(dir, name);

/** 28,572 requests of 7 events each: 200,006 events. */
const REQUESTS = 28_572;

/** `arksim export` with `heapMb` of heap. */
const exportIn = (heapMb: number, args: readonly string[]): CliResult => arksimInHeap(heapMb, ['export', ...args], dir);

test.before(() => {
  writeFileSync(path('long.trace'), requestsTrace(REQUESTS));
});

test('a 200,000-event trace exports as a Chrome trace in a 64 MB heap', (t) => {
  const out = path('long.json');
  const r = exportIn(64, [path('long.trace'), '--format', 'chrome', '--out', out]);
  t.is(r.code, 0, r.stderr.slice(0, 500));
  t.regex(r.stdout, /Chrome trace of 200006 events, 2 module tracks, 28572 request tracks/);
  const trace = JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: { ph: string; name: string; cat?: string }[] };
  t.is(trace.traceEvents.filter((e) => e.name === 'thread_name').length, 2 + REQUESTS + 1);
  t.is(trace.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'request').length, REQUESTS);
});

test('a 200,000-event trace exports as an HTML page in a 64 MB heap', (t) => {
  const out = path('long.html');
  const r = exportIn(64, [path('long.trace'), '--format', 'html', '--out', out]);
  t.is(r.code, 0, r.stderr.slice(0, 500));
  const html = readFileSync(out, 'utf8');
  const block = /<script type="application\/json" id="trace-data">([\s\S]*?)<\/script>/.exec(html);
  const data = JSON.parse(block?.[1] ?? '') as { tracks: unknown[]; items: unknown[] };
  t.is(data.tracks.length, 2 + REQUESTS + 1);
  t.is(data.items.length, 7 * REQUESTS + 2, 'an item an event');
});

test(`an HTML page of more than ${MAX_HTML_EVENTS} events is refused: exit 2, one line, no file`, (t) => {
  const trace = path('too-long.trace');
  writeFileSync(trace, requestsTrace(Math.ceil(MAX_HTML_EVENTS / 7)));
  const out = path('too-long.html');
  const r = exportIn(256, [trace, '--format', 'html', '--out', out]);
  t.is(r.code, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /too-long\.trace: 1,000,00\d events are more than an HTML timeline holds \(1,000,000\); use --format chrome/);
  t.false(existsSync(out));
});
