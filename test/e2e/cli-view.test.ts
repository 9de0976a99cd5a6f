/**
 * `arksim inspect` and `arksim diff` through the real CLI: traces recorded by `arksim run`
 * in a temp dir, then read back as a table, as JSON, filtered, damaged and compared.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { memoryTarget, readTraceFile, TraceWriter } from '../../recorder/index.js';
import { arksim, isOneLineError } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('cli-view');
const path = (name: string): string => join(dir, name);

interface JsonEvent {
  readonly eventIndex: number;
  readonly t: string;
  readonly [field: string]: unknown;
}
interface InspectJson {
  readonly header: { readonly seed: string; readonly scenario: string | null; readonly strategy: string; readonly policies: unknown } | null;
  readonly events: readonly JsonEvent[];
  readonly footer: { readonly eventCount: number; readonly digest: string; readonly outcome: { readonly kind: string } } | null;
  readonly error?: { readonly reason: string; readonly offset: number; readonly message: string };
}

function record(name: string, args: readonly string[]): string {
  const out = path(name);
  const r = arksim(['run', ...args, '--out', out]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`arksim run ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return out;
}

function inspectJson(args: readonly string[]): { code: number | null; json: InspectJson; stderr: string } {
  const r = arksim(['inspect', ...args, '--json']);
  return { code: r.code, json: JSON.parse(r.stdout) as InspectJson, stderr: r.stderr };
}

/** Byte offsets of a trace's chunks (traces/FORMAT.md: a 10-byte prologue, then kind u8, length u32 LE, crc u32 LE, payload). */
function chunks(bytes: Buffer): { kind: number; offset: number; length: number }[] {
  const out: { kind: number; offset: number; length: number }[] = [];
  for (let pos = 10; pos < bytes.length; ) {
    const length = bytes.readUInt32LE(pos + 1);
    out.push({ kind: bytes[pos] as number, offset: pos, length });
    pos += 9 + length;
  }
  return out;
}

let fanout3 = '';
let fanout4 = '';
let wide = '';
let notFound = '';
let short = '';

test.before(() => {
  fanout3 = record('fanout-3.trace', ['fanout', '--seed', '3']);
  fanout4 = record('fanout-4.trace', ['fanout', '--seed', '4']);
  wide = record('wide.trace', ['fanout-wide', '--seed', '3']);
  notFound = record('not-found.trace', ['not-found-named-module', '--seed', '1']);
  short = record('short.trace', ['fanout', '--seed', '3', '--frames', '2']);
});

test('inspect prints the header summary, one row per event, and the outcome last', (t) => {
  const r = arksim(['inspect', fanout3]);
  t.is(r.code, 0, r.stderr);
  t.is(r.stderr, '');
  const { json } = inspectJson([fanout3]);
  const lines = r.stdout.split('\n');
  for (const [label, value] of [['scenario', 'fanout'], ['seed', '3'], ['strategy', 'fifo'], ['policies', 'errors=eager latency=uniform:0-50000 handles=sequential faults=0'], ['mode', 'record']]) {
    t.true(lines.some((l) => new RegExp(`^${label}\\s+${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).test(l)), `summary line for ${label}`);
  }
  t.regex(r.stdout, /^budgets\s+maxSteps=1,000,000 .*frames=600 frameUs=16,667/m);
  const rows = lines.filter((l) => /^#\d+ /.test(l));
  t.is(rows.length, json.events.length);
  t.regex(r.stdout, /^#1\s+0\s+guest\s+ffi\.create_function\s+NamedModule module=worker name=work\s+Success \(0\) handle=1$/m);
  t.regex(r.stdout, /^#4\s+0\s+guest\s+ffi\.launch\s+handle=1 \(worker\.work\) input=0x[0-9a-f]{6} \(3 B\)\s+Success \(0\) request=2$/m);
  t.regex(r.stdout, /^#\d+\s+16,667\s+guest\s+ffi\.is_ready\s+request=2 \(worker\.work\)\s+Success \(0\) (ready size=4|not ready)$/m);
  t.regex(r.stdout, /^#\d+\s+[\d,]+\s+worker\s+req\.completed\s+request=\d \(worker\.work\)\s+Success \(0\) output=0x[0-9a-f]{8} \(4 B\)$/m);
  // The header comes before the table, the outcome after it.
  const firstRow = lines.findIndex((l) => l.startsWith('#0 '));
  t.true(lines.findIndex((l) => l.startsWith('seed ')) < firstRow);
  t.true(lines.findIndex((l) => /^outcome\s+pass$/.test(l)) > lines.findIndex((l) => l.startsWith(`#${json.events.length - 1} `)));
});

test('inspect names error codes and marks a failing outcome', (t) => {
  const r = arksim(['inspect', notFound]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /ffi\.launch\s+handle=\d+ \(no-such-module\.echo\) input=0x[0-9a-f]{2} \(1 B\)\s+NotFound \(6\) request=0/);
  t.regex(r.stdout, /InvalidArguments \(5\)/);
  t.regex(r.stdout, /module\.fault\s+request=0 no-such-module\.echo kind=not-found\s+no function echo in module no-such-module/);
  const failing = arksim(['inspect', short]);
  t.is(failing.code, 0, 'inspecting a failing run is not itself a failure');
  t.regex(failing.stdout, /run\.outcome\s+failure \(budget-exhausted\) \[guest\]: guest did not finish within 2 frames/);
  t.regex(failing.stdout, /^outcome\s+failure \(budget-exhausted\)/m);
});

test('inspect abbreviates long buffers: the first bytes as hex, and the length', (t) => {
  const big = record('large-io.trace', ['large-io', '--seed', '1']);
  const r = arksim(['inspect', big, '--kinds', 'ffi.launch,ffi.blocking_launch']);
  t.is(r.code, 0, r.stderr);
  const m = /input=0x([0-9a-f]+)… \((\d+) B\)/.exec(r.stdout);
  t.truthy(m, 'a long input shown abbreviated');
  t.is(m?.[1]?.length, 32, '16 bytes shown');
  t.true(Number(m?.[2]) > 100_000);
  t.true(r.stdout.length < 200_000, 'no megabyte of hex on the terminal');
});

test('inspect --json: header, events with bigints as strings and bytes as hex, footer', (t) => {
  const { code, json } = inspectJson([fanout3]);
  t.is(code, 0);
  t.is(json.header?.seed, '3');
  t.is(json.header?.scenario, 'fanout');
  t.is(json.header?.strategy, 'fifo');
  t.is(json.footer?.outcome.kind, 'pass');
  t.is(json.footer?.eventCount, json.events.length);
  t.regex(json.footer?.digest ?? '', /^[0-9a-f]{64}$/);
  t.false('error' in json);
  t.deepEqual(json.events.map((e) => e.eventIndex), json.events.map((_, i) => i));
  t.like(json.events[0], { eventIndex: 0, t: 'frame', index: 0 }, "a frame's own index is kept");
  const create = json.events[1];
  t.like(create, { eventIndex: 1, t: 'ffi.create_function', caller: 'guest', module: 'worker', name: 'work', code: 0, handle: '1' });
  const launch = json.events.find((e) => e.t === 'ffi.launch');
  t.is(typeof launch?.['request'], 'string');
  t.regex(String(launch?.['input']), /^[0-9a-f]{6}$/);
});

test('inspect --module keeps the events a module makes or runs', (t) => {
  const { code, json } = inspectJson([fanout3, '--module', 'worker']);
  t.is(code, 0);
  // The guest's create_function naming worker, then 8 launches into worker and their 8 completions.
  t.deepEqual(
    [...new Set(json.events.map((e) => e.t))].sort(),
    ['ffi.create_function', 'req.completed', 'req.launched'],
  );
  t.is(json.events.length, 17);
  const guest = inspectJson([fanout3, '--module', 'guest']).json;
  t.true(guest.events.every((e) => e['caller'] === 'guest' || e['module'] === 'guest' || e.t === 'req.completed'));
  t.true(guest.events.some((e) => e.t === 'log'));
  const text = arksim(['inspect', fanout3, '--module', 'worker']);
  t.regex(text.stdout, /^17 of \d+ events match the filter$/m);
});

test('inspect --request shows every event about one request handle', (t) => {
  const { code, json } = inspectJson([fanout3, '--request', '5']);
  t.is(code, 0);
  const tags = json.events.map((e) => e.t);
  t.is(tags[0], 'req.launched');
  t.is(tags[1], 'ffi.launch');
  t.true(tags.includes('ffi.is_ready'));
  t.true(tags.includes('req.completed'));
  t.is(tags.at(-1), 'ffi.retrieve');
  t.true(json.events.every((e) => e['request'] === '5'));
  t.deepEqual(inspectJson([fanout3, '--request', '0x5']).json.events, json.events, 'hex handles too');
});

test('inspect --kinds takes namespaces and exact tags; an unknown kind is bad usage', (t) => {
  const req = inspectJson([fanout3, '--kinds', 'req']).json;
  t.is(req.events.length, 16);
  t.true(req.events.every((e) => e.t.startsWith('req.')));
  const some = inspectJson([fanout3, '--kinds', 'ffi.launch,frame,run']).json;
  t.deepEqual([...new Set(some.events.map((e) => e.t))].sort(), ['ffi.launch', 'frame', 'run.outcome']);
  const bad = arksim(['inspect', fanout3, '--kinds', 'ffi,bogus']);
  t.is(bad.code, 2);
  t.true(isOneLineError(bad.stderr), bad.stderr);
  t.regex(bad.stderr, /unknown event kind "bogus"/);
  const badHandle = arksim(['inspect', fanout3, '--request', 'five']);
  t.is(badHandle.code, 2);
  t.true(isOneLineError(badHandle.stderr), badHandle.stderr);
});

test('a truncated trace: the readable prefix is printed, then one stderr line with the offset, exit 2', (t) => {
  const bytes = readFileSync(wide);
  const events = chunks(bytes).filter((c) => c.kind === 2);
  t.true(events.length >= 2, 'fanout-wide fills more than one event chunk');
  const second = events[1] as { offset: number; length: number };
  const cut = path('wide-cut.trace');
  writeFileSync(cut, bytes.subarray(0, second.offset + 9 + Math.floor(second.length / 2)));
  const r = arksim(['inspect', cut]);
  t.is(r.code, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, new RegExp(`byte ${second.offset}\\b`));
  t.regex(r.stderr, /truncated/);
  t.regex(r.stderr, /512 events were readable/);
  t.regex(r.stdout, /^seed\s+3$/m);
  t.regex(r.stdout, /^#0\s/m);
  t.regex(r.stdout, /^#511\s/m);
  t.notRegex(r.stdout, /^#512\s/m);
  t.regex(r.stdout, /^outcome\s+\(no footer: 512 events read\)$/m);
  const { code, json } = inspectJson([cut]);
  t.is(code, 2);
  t.is(json.events.length, 512);
  t.is(json.footer, null);
  t.like(json.error, { reason: 'truncated', offset: second.offset });
});

test('a corrupt trace (a flipped byte) is reported with its offset, after the chunks before it, exit 2', (t) => {
  const bytes = Buffer.from(readFileSync(wide));
  const second = chunks(bytes).filter((c) => c.kind === 2)[1] as { offset: number; length: number };
  const at = second.offset + 9 + 40;
  bytes[at] = (bytes[at] as number) ^ 0xff;
  const bad = path('wide-corrupt.trace');
  writeFileSync(bad, bytes);
  const r = arksim(['inspect', bad]);
  t.is(r.code, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, new RegExp(`byte ${second.offset}: .*crc-mismatch`));
  t.regex(r.stdout, /^#511\s/m);
  const garbage = path('garbage.trace');
  writeFileSync(garbage, 'this is not a trace at all\n');
  const g = arksim(['inspect', garbage]);
  t.is(g.code, 2);
  t.true(isOneLineError(g.stderr), g.stderr);
  t.regex(g.stderr, /byte 0: not an arksim trace/);
});

test('the .partial of a killed recording is inspected up to its last whole chunk, exit 2', (t) => {
  const out = path('killed.trace');
  try {
    execFileSync(process.execPath, ['dist/test/fixtures/record-and-die.js', out, '100'], { stdio: 'ignore' });
    t.fail('the fixture should have been killed');
  } catch {
    // SIGKILL, as intended.
  }
  const r = arksim(['inspect', `${out}.partial`]);
  t.is(r.code, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /killed\.trace\.partial: bad trace at byte \d+: .*the recording did not finish \(missing-footer\); \d+ events were readable/);
  t.regex(r.stdout, /^#0\s+0\s+-\s+frame/m);
  t.regex(r.stdout, /^outcome\s+\(no footer: \d+ events read\)$/m);
  const named = arksim(['inspect', out]);
  t.is(named.code, 2);
  t.true(isOneLineError(named.stderr), named.stderr);
  t.regex(named.stderr, /killed\.trace\.partial exists/);
});

test('a missing file is one line on stderr and exit 2, with nothing on stdout', (t) => {
  for (const command of [['inspect'], ['diff', fanout3], ['export', '--format', 'chrome']]) {
    const r = arksim([...command, path('no-such.trace')]);
    t.is(r.code, 2, command.join(' '));
    t.true(isOneLineError(r.stderr), r.stderr);
    t.regex(r.stderr, /no-such\.trace: no such file/);
    t.is(r.stdout, '');
  }
});

test('diff of a trace with itself: identical, exit 0', (t) => {
  const r = arksim(['diff', fanout3, fanout3]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /identical: the same \d+ events and outcome/);
  const j = arksim(['diff', fanout3, fanout3, '--json']);
  t.is(j.code, 0);
  t.like(JSON.parse(j.stdout), { identical: true, headerDifferences: [] });
});

test('diff of two seeds: header differences, the first divergence with context, the differing fields, exit 1', (t) => {
  const r = arksim(['diff', fanout3, fanout4]);
  t.is(r.code, 1, r.stderr);
  const lines = r.stdout.split('\n');
  const header = lines.indexOf('header differences:');
  const divergence = lines.findIndex((l) => l.startsWith('first divergence at event #2'));
  t.true(header >= 0 && divergence > header, 'header differences first');
  t.regex(r.stdout, /^ {2}seed\s+3 → 4$/m);
  t.regex(r.stdout, /first divergence at event #2: draw\.latency differs/);
  // Context: the equal events before, then each side's events from the divergence on.
  t.regex(r.stdout, /^ {2}#1\s+0\s+guest\s+ffi\.create_function/m);
  t.regex(r.stdout, /^- #2\s+0\s+-\s+draw\.latency/m);
  t.regex(r.stdout, /^\+ #2\s+0\s+-\s+draw\.latency/m);
  t.regex(r.stdout, /^- #5\s/m);
  t.notRegex(r.stdout, /^- #6\s/m, 'three events of context after');
  t.regex(r.stdout, /differing fields of #2 \(a → b\):\n {2}value: \d+ → \d+/);
});

test('diff --json and --context', (t) => {
  const r = arksim(['diff', fanout3, fanout4, '--json', '--context', '1']);
  t.is(r.code, 1);
  const j = JSON.parse(r.stdout) as {
    identical: boolean;
    index: number;
    headerDifferences: { field: string; a: string; b: string }[];
    expected: JsonEvent;
    actual: JsonEvent;
    differences: string[];
    context: { before: JsonEvent[]; afterA: JsonEvent[]; afterB: JsonEvent[] };
  };
  t.false(j.identical);
  t.is(j.index, 2);
  t.deepEqual(j.headerDifferences, [{ field: 'seed', a: '3', b: '4' }]);
  t.like(j.expected, { eventIndex: 2, t: 'draw.latency' });
  t.like(j.actual, { eventIndex: 2, t: 'draw.latency' });
  t.is(j.differences.length, 1);
  t.deepEqual(j.context.before.map((e) => e.eventIndex), [1]);
  t.deepEqual(j.context.afterA.map((e) => e.eventIndex), [2, 3]);
  t.deepEqual(j.context.afterB.map((e) => e.eventIndex), [2, 3]);
});

test('diff names differing budgets and outcomes, and refuses a damaged trace', (t) => {
  const r = arksim(['diff', fanout3, short, '--json']);
  t.is(r.code, 1);
  const j = JSON.parse(r.stdout) as { headerDifferences: { field: string }[]; outcomes: { a: { kind: string }; b: { kind: string } } };
  t.deepEqual(j.headerDifferences.map((h) => h.field), ['budgets.frames']);
  t.is(j.outcomes.a.kind, 'pass');
  t.is(j.outcomes.b.kind, 'failure');
  const cut = path('fanout-cut.trace');
  writeFileSync(cut, readFileSync(fanout3).subarray(0, 200));
  const d = arksim(['diff', fanout3, cut]);
  t.is(d.code, 2);
  t.true(isOneLineError(d.stderr), d.stderr);
  t.regex(d.stderr, /fanout-cut\.trace: trace byte \d+/);
});

test('diff when one trace is the start of the other: the shorter one ends at the divergence', (t) => {
  // The first 10 events of a run, written as a finished trace of their own.
  const full = readTraceFile(fanout3);
  const writer = new TraceWriter(full.header, memoryTarget());
  for (const e of full.events.slice(0, 10)) writer.emit(e);
  const prefix = path('fanout-first-10.trace');
  writeFileSync(prefix, writer.finish(full.footer.outcome));
  const r = arksim(['diff', fanout3, prefix]);
  t.is(r.code, 1, r.stderr);
  t.regex(r.stdout, /first divergence at event #10: b ends after 10 events; a goes on with /);
  t.regex(r.stdout, /… b \(\+\), from #10: no more events/);
  t.regex(r.stdout, /^- #10\s/m);
  const j = JSON.parse(arksim(['diff', fanout3, prefix, '--json']).stdout) as { index: number; expected: unknown; actual: unknown; headerDifferences: unknown[] };
  t.is(j.index, 10);
  t.like(j.expected, { eventIndex: 10 });
  t.is(j.actual, null);
  t.deepEqual(j.headerDifferences, []);
});
