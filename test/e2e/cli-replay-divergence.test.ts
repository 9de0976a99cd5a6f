/**
 * What `replay` and `diff` report for a trace that does not match: the divergence is the
 * replay's failure wherever it falls (the run's end included), and a byte field that
 * differs past the bytes an event line shows is reported with the offset and both sides.
 */
import test from 'ava';
import { join } from 'node:path';
import type { TraceEvent } from '../../sim/events.js';
import { arksim } from '../helpers/cli.js';
import { editTrace, type EditableTrace } from '../helpers/edit-trace.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('divergence');
const fanout = join(dir, 'fanout.trace');
const largeIo = join(dir, 'large-io.trace');

test.before(() => {
  arksim(['run', 'fanout', '--seed', '7', '--out', fanout]);
  arksim(['run', 'large-io', '--seed', '7', '--out', largeIo]);
});

interface ReplayJson {
  outcome: { kind: string; reason: string; message?: string };
  matched: boolean;
  divergence?: { index: number; message: string; report: string; differences: { field: string; bytes?: { offset: number; lengths: { expected: number; actual: number }; expected: { start: number; hex: string }; actual: { start: number; hex: string } } }[] };
}

const endEdits: [string, (t: EditableTrace) => void][] = [
  [
    'only the recorded outcome differs',
    (t) => {
      const o = { kind: 'failure', reason: 'invariant', message: 'x' } as const;
      t.events[t.events.length - 1] = { t: 'run.outcome', at: t.events.at(-1)!.at, outcome: o };
      t.outcome = o;
    },
  ],
  ['the trace has one event fewer', (t) => void t.events.pop()],
  ['the trace has one event more', (t) => void t.events.push(t.events.at(-1)!)],
];

for (const [what, edit] of endEdits) {
  test(`replay of a trace diverging at the run's end (${what}) fails as a divergence in --json and text, exit 1`, (t) => {
    const edited = join(dir, `${what.replace(/\W+/g, '-')}.trace`);
    editTrace(fanout, edited, edit);
    const r = arksim(['replay', edited, '--json']);
    t.is(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as ReplayJson;
    t.false(j.matched);
    t.true((j.divergence?.index ?? 0) >= 64);
    t.deepEqual(j.outcome, { kind: 'failure', reason: 'divergence', message: j.divergence?.message });
    const text = arksim(['replay', edited]);
    t.is(text.code, 1);
    t.is(text.stdout.split('\n')[0], j.divergence?.message ?? 'a divergence');
    t.notRegex(text.stdout, /replay matched|outcome: pass/);
  });
}

test('a 1 MiB input differing at byte 1000: replay text and --json, guest-only, and diff name the offset and show both sides', (t) => {
  const edited = join(dir, 'large-io-edited.trace');
  let index = -1;
  editTrace(largeIo, edited, (tr) => {
    index = tr.events.findIndex((e) => e.t === 'ffi.launch' && e.input.length > 1000);
    const e = tr.events[index] as TraceEvent & { t: 'ffi.launch' };
    const input = Uint8Array.from(e.input);
    input[1000] = input[1000]! ^ 0xff;
    tr.events[index] = { ...e, input };
  });
  t.true(index >= 0);
  const line = /input: differs at byte 1000 \(1048576 B → 1048576 B\): …([0-9a-f]{16})\[([0-9a-f]{2})\]([0-9a-f]{16})… → …\1\[([0-9a-f]{2})\]\3…/;

  const text = arksim(['replay', edited]);
  t.is(text.code, 1);
  const m = line.exec(text.stdout);
  t.truthy(m, text.stdout);
  t.is(parseInt(m![2]!, 16) ^ parseInt(m![4]!, 16), 0xff, 'the window shows the changed byte on each side');

  const j = JSON.parse(arksim(['replay', edited, '--json']).stdout) as ReplayJson;
  t.is(j.divergence?.index, index);
  t.is(typeof j.divergence?.report, 'string');
  const [d] = j.divergence?.differences ?? [];
  t.is(d?.field, 'input');
  t.like(d?.bytes, { offset: 1000, lengths: { expected: 1 << 20, actual: 1 << 20 }, expected: { start: 992 }, actual: { start: 992 } });
  t.not(d?.bytes?.expected.hex, d?.bytes?.actual.hex);

  const guestOnly = JSON.parse(arksim(['replay', edited, '--guest-only', '--json']).stdout) as ReplayJson;
  t.regex(guestOnly.outcome.message ?? '', /; input: differs at byte 1000 \(1048576 B → 1048576 B\)/, 'guest-only: the trace host names the offset too');

  const diff = arksim(['diff', largeIo, edited]);
  t.is(diff.code, 1);
  t.regex(diff.stdout, line);
});
