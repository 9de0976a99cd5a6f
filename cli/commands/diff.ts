import type { Command } from 'commander';
import type { TraceEvent } from '../../sim/events.js';
import { Exit, UsageError } from '../errors.js';
import { printJson } from '../report.js';
import { paint } from '../style.js';
import { diffTraces, eventJson, eventRows, findDivergence, jsonSafe, oneLine, renderTable, TraceContext, widest, type Divergence, type EventRow, type TraceDiff } from '../view/index.js';
import { renumberedHandles } from '../view/renumber.js';
import { readTracePair } from '../view/trace-pair.js';

interface DiffOptions {
  readonly context: string;
  readonly json?: boolean;
  readonly renumberHandles?: boolean;
}

function contextSize(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--context must be a whole number up to ${Number.MAX_SAFE_INTEGER}, got "${text}"`);
  return Number(text);
}

/**
 * The window's rows: the equal events before the divergence, then each side's from it,
 * each described with the context of all the events before it (`ctx` has seen those before the window).
 */
function windowRows(d: Divergence, ctx: TraceContext): { before: EventRow[]; rowsA: EventRow[]; rowsB: EventRow[] } {
  const before = eventRows(d.before, ctx, d.index - d.before.length);
  // Up to the divergence both traces have the same events, so each side goes on from the same context.
  const ctxB = ctx.copy();
  return { before, rowsA: eventRows(d.afterA, ctx, d.index), rowsB: eventRows(d.afterB, ctxB, d.index) };
}

function jsonEvents(events: readonly TraceEvent[], from: number): unknown[] {
  return events.map((e, k) => eventJson(from + k, e));
}

function printText(pathA: string, pathB: string, d: TraceDiff, div: Divergence | undefined, ctx: TraceContext, renumbered: boolean): void {
  const w = (s: string): boolean => process.stdout.write(`${s}\n`);
  // Outcomes, header values and field differences carry guests' text: one line each.
  w(paint('bold', oneLine(`a: ${pathA}  (${d.lengths.a} events, ${d.outcomes.a})`)));
  w(paint('bold', oneLine(`b: ${pathB}  (${d.lengths.b} events, ${d.outcomes.b})`)));
  if (renumbered) w(`handles renumbered: each module's functions and requests as 1, 2, 3, … in the order it got them`);
  if (d.headerDifferences.length > 0) {
    w('');
    w('header differences:');
    const width = widest(d.headerDifferences.map((h) => h.field));
    for (const h of d.headerDifferences) w(oneLine(`  ${h.field.padEnd(width)}  ${h.a} → ${h.b}`));
  }
  w('');
  if (div === undefined) {
    w(d.identical ? paint('green', `identical: the same ${d.lengths.a} events and outcome`) : paint('red', oneLine(`same events, different outcomes: ${d.outcomes.a} → ${d.outcomes.b}`)));
    return;
  }
  const i = div.index;
  const where =
    d.expected === undefined
      ? `a ends after ${d.lengths.a} events; b goes on with ${d.actual?.t ?? '?'}`
      : d.actual === undefined
        ? `b ends after ${d.lengths.b} events; a goes on with ${d.expected.t}`
        : d.expected.t === d.actual.t
          ? `${d.expected.t} differs`
          : `a has ${d.expected.t}, b has ${d.actual.t}`;
  w(paint('red', `first divergence at event #${i}: ${where}`));
  const { before, rowsA, rowsB } = windowRows(div, ctx);
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
    .option(
      '--renumber-handles',
      "compare (and show) each module's function and request handles as 1, 2, 3, … in the order it got them, so traces of two hosts that number handles differently part only where they behave differently",
    )
    .option('--json', 'one JSON object on stdout: { identical, a, b, renumberedHandles, lengths, outcomes, headerDifferences, index?, expected?, actual?, differences?, fieldDifferences? (byte fields: first differing offset and a window of each side), context }')
    .action((pathA: string, pathB: string, o: DiffOptions) => {
      const context = contextSize(o.context);
      // What the table needs to describe its rows; JSON has none.
      const ctx = o.json === true ? undefined : new TraceContext();
      // Both traces are read to their ends (a damaged one is refused), keeping only the window around the divergence.
      const renumber = o.renumberHandles === true;
      const { a, b, walked: div } = readTracePair(pathA, pathB, (x, y) =>
        renumber ? findDivergence(renumberedHandles(x), renumberedHandles(y), context, ctx) : findDivergence(x, y, context, ctx),
      );
      const d = diffTraces(a, b, div);
      if (ctx === undefined) {
        printJson({
          identical: d.identical,
          a: pathA,
          b: pathB,
          renumberedHandles: renumber,
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
            div === undefined
              ? { size: context, before: [], afterA: [], afterB: [] }
              : { size: context, before: jsonEvents(div.before, div.index - div.before.length), afterA: jsonEvents(div.afterA, div.index), afterB: jsonEvents(div.afterB, div.index) },
        });
      } else {
        printText(pathA, pathB, d, div, ctx, renumber);
      }
      exit(d.identical ? Exit.Pass : Exit.Failure);
    });
}
