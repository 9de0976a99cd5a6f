import type { Command } from 'commander';
import type { Trace } from '../../recorder/index.js';
import type { TraceEvent } from '../../sim/events.js';
import { Exit, UsageError } from '../errors.js';
import { printJson } from '../report.js';
import { paint } from '../style.js';
import { loadTrace } from '../trace-io.js';
import { diffTraces, eventJson, eventRows, jsonSafe, oneLine, renderTable, TraceContext, widest, type EventRow, type TraceDiff } from '../view/index.js';

interface DiffOptions {
  readonly context: string;
  readonly json?: boolean;
}

function contextSize(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--context must be a whole number up to ${Number.MAX_SAFE_INTEGER}, got "${text}"`);
  return Number(text);
}

/** Rows for `events[from, to)` of a trace, described with the context of everything before them. */
function rowsOf(events: readonly TraceEvent[], from: number, to: number): EventRow[] {
  const ctx = new TraceContext();
  for (let i = 0; i < from; i++) ctx.observe(events[i] as TraceEvent);
  return eventRows(events.slice(from, to), ctx, from);
}

interface Window {
  /** Equal in both traces, just before the divergence. */
  readonly before: { from: number; to: number };
  /** From the divergence on, in each trace. */
  readonly afterA: { from: number; to: number };
  readonly afterB: { from: number; to: number };
}

function windowOf(d: TraceDiff, context: number): Window | undefined {
  if (d.index === undefined) return undefined;
  const i = d.index;
  return {
    before: { from: Math.max(0, i - context), to: i },
    afterA: { from: i, to: Math.min(d.lengths.a, i + 1 + context) },
    afterB: { from: i, to: Math.min(d.lengths.b, i + 1 + context) },
  };
}

function jsonEvents(events: readonly TraceEvent[], r: { from: number; to: number }): unknown[] {
  return events.slice(r.from, r.to).map((e, k) => eventJson(r.from + k, e));
}

function printText(a: Trace, b: Trace, pathA: string, pathB: string, d: TraceDiff, win: Window | undefined): void {
  const w = (s: string): boolean => process.stdout.write(`${s}\n`);
  // Outcomes, header values and field differences carry guests' text: one line each.
  w(paint('bold', oneLine(`a: ${pathA}  (${d.lengths.a} events, ${d.outcomes.a})`)));
  w(paint('bold', oneLine(`b: ${pathB}  (${d.lengths.b} events, ${d.outcomes.b})`)));
  if (d.headerDifferences.length > 0) {
    w('');
    w('header differences:');
    const width = widest(d.headerDifferences.map((h) => h.field));
    for (const h of d.headerDifferences) w(oneLine(`  ${h.field.padEnd(width)}  ${h.a} → ${h.b}`));
  }
  w('');
  if (win === undefined || d.index === undefined) {
    w(d.identical ? paint('green', `identical: the same ${d.lengths.a} events and outcome`) : paint('red', oneLine(`same events, different outcomes: ${d.outcomes.a} → ${d.outcomes.b}`)));
    return;
  }
  const i = d.index;
  const where =
    d.expected === undefined
      ? `a ends after ${d.lengths.a} events; b goes on with ${d.actual?.t ?? '?'}`
      : d.actual === undefined
        ? `b ends after ${d.lengths.b} events; a goes on with ${d.expected.t}`
        : d.expected.t === d.actual.t
          ? `${d.expected.t} differs`
          : `a has ${d.expected.t}, b has ${d.actual.t}`;
  w(paint('red', `first divergence at event #${i}: ${where}`));
  const before = rowsOf(a.events, win.before.from, win.before.to);
  const rowsA = rowsOf(a.events, win.afterA.from, win.afterA.to);
  const rowsB = rowsOf(b.events, win.afterB.from, win.afterB.to);
  // One table for all three parts, so the columns line up; markers say whose row it is.
  const all = [...before, ...rowsA, ...rowsB];
  const side = new Map<EventRow, string>([...before.map((r) => [r, ' '] as const), ...rowsA.map((r) => [r, '-'] as const), ...rowsB.map((r) => [r, '+'] as const)]);
  const lines = renderTable(all, { marker: (r) => side.get(r) ?? ' ' });
  w('');
  w(`${lines[0]}`);
  const body = lines.slice(1);
  if (before.length > 0) w(paint('dim', `  … both, before #${i}`));
  for (const line of body.slice(0, before.length)) w(line);
  w(paint('dim', `  … a (-), from #${i}${rowsA.length === 0 ? ': no more events' : ''}`));
  for (const line of body.slice(before.length, before.length + rowsA.length)) w(line);
  w(paint('dim', `  … b (+), from #${i}${rowsB.length === 0 ? ': no more events' : ''}`));
  for (const line of body.slice(before.length + rowsA.length)) w(line);
  if (d.differences.length > 0) {
    w('');
    w(`differing fields of #${i} (a → b):`);
    for (const f of d.differences) w(`  ${oneLine(f)}`);
  }
}

export function diffCommandSpec(program: Command, exit: (code: number) => void): void {
  program
    .command('diff')
    .description('the first divergence between two traces, in context; exit 0 identical (the same events and outcome: header differences are listed, not counted), 1 different, 2 bad input')
    .argument('<A>', 'a trace (the reference)')
    .argument('<B>', 'a trace to compare with it')
    .option('--context <N>', 'events of context before and after the divergence', '3')
    .option('--json', 'one JSON object on stdout: { identical, a, b, lengths, outcomes, headerDifferences, index?, expected?, actual?, differences?, fieldDifferences? (byte fields: first differing offset and a window of each side), context }')
    .action((pathA: string, pathB: string, o: DiffOptions) => {
      const context = contextSize(o.context);
      const a = loadTrace(pathA);
      const b = loadTrace(pathB);
      const d = diffTraces(a, b);
      const win = windowOf(d, context);
      if (o.json === true) {
        printJson({
          identical: d.identical,
          a: pathA,
          b: pathB,
          lengths: d.lengths,
          outcomes: { a: jsonSafe(a.footer.outcome), b: jsonSafe(b.footer.outcome) },
          headerDifferences: d.headerDifferences,
          ...(d.index === undefined
            ? {}
            : {
                index: d.index,
                expected: d.expected === undefined ? null : eventJson(d.index, d.expected),
                actual: d.actual === undefined ? null : eventJson(d.index, d.actual),
                differences: d.differences,
                fieldDifferences: d.fields,
              }),
          context:
            win === undefined
              ? { size: context, before: [], afterA: [], afterB: [] }
              : { size: context, before: jsonEvents(a.events, win.before), afterA: jsonEvents(a.events, win.afterA), afterB: jsonEvents(b.events, win.afterB) },
        });
      } else {
        printText(a, b, pathA, pathB, d, win);
      }
      exit(d.identical ? Exit.Pass : Exit.Failure);
    });
}
