/**
 * The schema table is the format: it must match sim/events.ts (field names and order)
 * and traces/FORMAT.md (codes, fields, kinds, limits), which these tests read as text.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { TRACE_EVENT_TAGS } from '../../../sim/events.js';
import { EVENT_FIELDS, memoryTarget, TRACE_LIMITS, TraceWriter, WIRE_TAG_CODES } from '../../../recorder/index.js';
import { chunksOf } from './craft.js';
import { sampleHeader } from './fixtures.js';
import { SPECS_BY_CODE, SPEC_BY_TAG } from '../../../recorder/schema.js';
import { describe } from '../../../recorder/fields.js';

const repo = new URL('../../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, repo), 'utf8');

/** Each event interface's tag and its field names, in declaration order, from the TypeScript source. */
function declaredEvents(source: string): Map<string, string[]> {
  const events = new Map<string, string[]>();
  for (const match of source.matchAll(/export interface \w+Event \{([\s\S]*?)\n\}/g)) {
    const body = match[1]!.replace(/\/\*\*[\s\S]*?\*\//g, '');
    const fields = [...body.matchAll(/^\s*readonly (\w+)\??:\s*(.+);$/gm)].map((m) => [m[1]!, m[2]!] as const);
    const tag = fields.find(([name]) => name === 't');
    if (tag === undefined) continue;
    events.set(
      tag[1].replace(/'/g, ''),
      fields.filter(([name]) => name !== 't').map(([name]) => name),
    );
  }
  return events;
}

test('EVENT_FIELDS lists the fields of every event in sim/events.ts, in declaration order', (t) => {
  const declared = declaredEvents(read('sim/events.ts'));
  t.deepEqual([...declared.keys()].sort(), [...TRACE_EVENT_TAGS].sort());
  for (const [tag, fields] of declared) {
    t.deepEqual(
      EVENT_FIELDS[tag as keyof typeof EVENT_FIELDS].map(([name]) => name),
      fields,
      tag,
    );
  }
});

test('every tag has a unique, permanent wire code and a spec', (t) => {
  const codes = TRACE_EVENT_TAGS.map((tag) => WIRE_TAG_CODES[tag]);
  t.is(new Set(codes).size, codes.length);
  t.true(codes.every((c) => Number.isInteger(c) && c >= 0 && c < 64), 'codes stay one-byte fixints');
  for (const tag of TRACE_EVENT_TAGS) {
    const spec = SPEC_BY_TAG.get(tag);
    t.is(spec?.code, WIRE_TAG_CODES[tag]);
    t.is(SPECS_BY_CODE[WIRE_TAG_CODES[tag]], spec);
    const names = spec?.fields.map((f) => f.name) ?? [];
    t.is(new Set(names).size, names.length, `${tag} has no duplicate fields`);
  }
});

function section(doc: string, name: string): string {
  const match = new RegExp(`<!-- ${name}:begin[^>]*-->([\\s\\S]*?)<!-- ${name}:end -->`).exec(doc);
  if (match === null) throw new Error(`FORMAT.md has no ${name} section`);
  return match[1]!;
}

test('traces/FORMAT.md documents every event with its code, fields and kinds', (t) => {
  const rows = [...section(read('traces/FORMAT.md'), 'events').matchAll(/^\| (\d+) \| `([\w.]+)` \| `(.*)` \|$/gm)];
  const documented = rows.map((m) => ({
    code: Number(m[1]),
    tag: m[2]!,
    fields: m[3]!.split(', ').map((f) => f.split(': ')),
  }));
  const expected = TRACE_EVENT_TAGS.map((tag) => ({
    code: WIRE_TAG_CODES[tag],
    tag: tag as string,
    fields: EVENT_FIELDS[tag].map(([name, kind]) => [name, kind]),
  })).sort((a, b) => a.code - b.code);
  t.deepEqual(documented, expected);
});

test('traces/FORMAT.md documents every limit with its default', (t) => {
  const rows = [...section(read('traces/FORMAT.md'), 'limits').matchAll(/^\| `(\w+)` \| (\d+)/gm)];
  t.deepEqual(Object.fromEntries(rows.map((m) => [m[1]!, Number(m[2])])), { ...TRACE_LIMITS });
});

test('the example chunks in traces/FORMAT.md are what the writer writes, byte for byte', (t) => {
  const writer = new TraceWriter(sampleHeader(), memoryTarget());
  writer.emit({ t: 'frame', at: 0, index: 0 });
  writer.emit({ t: 'frame', at: 16667, index: 1 });
  writer.emit({ t: 'draw.handle', at: 16667, value: 1n << 63n });
  const bytes = writer.finish({ kind: 'pass' });
  const [, events, footer] = chunksOf(bytes);
  const hexOf = (from: number, to: number): string => Buffer.from(bytes.subarray(from, to)).toString('hex');
  const doc = read('traces/FORMAT.md');
  // the bytes as FORMAT.md lays them out, annotations stripped
  t.is(hexOf(events!.offset, events!.end), '021d000000ce6d9614' + 'dd00000003' + '930d0000' + '930dcd411b01' + '9309cd411bcf8000000000000000');
  t.is(hexOf(footer!.offset, footer!.offset + 12), '032a000000ea7413c593' + '03' + 'c4');
  t.true(doc.includes('1d 00 00 00             length: 29') && doc.includes('ce 6d 96 14             crc: 0x14966dce'));
  t.true(doc.includes('03 2a 00 00 00 ea 74 13 c5      kind: footer, length: 42, crc: 0xc51374ea'));
  t.true(doc.includes('c4 20 71 98 ab e2 … 7c 87') && hexOf(footer!.end - 38, footer!.end - 34) === '719' + '8abe2');
});

test('a header from createTraceHeader is checked once and deeply frozen, so the writer can trust it', async (t) => {
  const { createTraceHeader } = await import('../../../recorder/header.js');
  const { DEFAULT_POLICIES } = await import('../../../sim/host/policies.js');
  const { DEFAULT_BUDGETS } = await import('../../../sim/budget.js');
  const h = createTraceHeader({
    arksimVersion: '0.1.0', scenario: 'x', wasm: [], seed: '1', strategy: 'fifo',
    policies: DEFAULT_POLICIES, budgets: DEFAULT_BUDGETS, mode: 'record', parent: null,
  });
  t.true(Object.isFrozen(h) && Object.isFrozen(h.policies) && Object.isFrozen(h.policies.latency) && Object.isFrozen(h.budgets));
  t.throws(() => {
    (h.policies as { faults: number }).faults = 7;
  });
});

test('a value quoted in a schema error is one line, however long: the trace chose its text', (t) => {
  const long = `record\nsecond line \u001b[31m(red)\u001b[0m ${'.'.repeat(60)}`;
  const message = describe(long);
  // eslint-disable-next-line no-control-regex
  t.false(/[\u0000-\u001f]/.test(message), message);
  t.is(message, `string ${JSON.stringify(long.slice(0, 40)).slice(0, -1)}…"`);
  // a cut through a surrogate pair leaves an escaped half, not a lone surrogate
  t.is(describe(`${'a'.repeat(39)}😀${'b'.repeat(10)}`), `string "${'a'.repeat(39)}\\ud83d…"`);
});
