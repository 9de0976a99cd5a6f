import type { Command } from 'commander';
import type { TraceHeader } from '../../recorder/index.js';
import type { TraceEvent } from '../../sim/events.js';
import { Exit, UsageError } from '../errors.js';
import { jsonText } from '../report.js';
import { paint } from '../style.js';
import { eventFilter, type EventFilterSpec } from '../view/filter.js';
import { damageLine, eventJson, footerSummary, headerSummary, jsonSafe, parseHandle, parseKinds, summaryLines, TraceContext } from '../view/index.js';
import { eventRow, type EventRow } from '../view/rows.js';
import { TableLayout } from '../view/table.js';
import { closeTrace, openTrace, streamTrace, type TraceFile, type TraceRead } from '../view/trace-stream.js';

interface InspectOptions {
  readonly json?: boolean;
  readonly module?: string;
  readonly request?: string;
  readonly kinds?: string;
}

function filterSpec(o: InspectOptions): EventFilterSpec {
  try {
    return {
      ...(o.module === undefined ? {} : { module: o.module }),
      ...(o.request === undefined ? {} : { request: parseHandle(o.request) }),
      ...(o.kinds === undefined ? {} : { kinds: parseKinds(o.kinds) }),
    };
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

export function inspectCommandSpec(program: Command, exit: (code: number) => void): void {
  program
    .command('inspect')
    .description('the trace as a readable event table; a damaged or unfinished trace shows what is readable, then exits 2')
    .argument('<FILE>', 'a trace (a .partial from an interrupted run too)')
    .option('--module <NAME>', 'only events a module makes or runs (calls, launches, completions, faults, logs)')
    .option('--request <HANDLE>', 'only events about one request: its launch, polls, retrieve, completion, fault')
    .option('--kinds <LIST>', 'only these kinds, comma separated: ffi, req, sched, draw, module, frame, log, run, or exact tags like ffi.launch')
    .option('--json', 'one JSON object on stdout: { header, events, footer, error? }')
    .action((file: string, o: InspectOptions) => {
      const spec = filterSpec(o);
      const trace = openTrace(file);
      let read: TraceRead;
      try {
        read = o.json === true ? printJsonStreamed(trace, spec) : printTextStreamed(trace, spec);
      } finally {
        closeTrace(trace);
      }
      // The readable part is on stdout; the damage is bad input: one line on stderr, exit 2.
      const damage = damageLine(file, read);
      if (damage !== undefined) throw new UsageError(damage);
      exit(Exit.Pass);
    });
}

const write = (s: string): boolean => process.stdout.write(s);

/**
 * Calls `selected` for each event `spec` lets through, with its row (described in the
 * context of every event before it), as the trace is read: a long run's events are never
 * held (a 6M-event trace took 5.4 GB and ran out of heap when they were).
 */
function visitSelected(trace: TraceFile, spec: EventFilterSpec, selected: (index: number, event: TraceEvent, row: EventRow) => void, header?: (h: TraceHeader) => void): TraceRead {
  const ctx = new TraceContext();
  const keep = eventFilter(spec);
  return streamTrace(trace, {
    header: (h) => header?.(h),
    event(event, index) {
      if (keep(event, ctx)) selected(index, event, eventRow(index, event, ctx));
      ctx.observe(event);
    },
  });
}

/** The table in two passes: the first fits the columns to the rows shown, the second prints them. */
function printTextStreamed(trace: TraceFile, spec: EventFilterSpec): TraceRead {
  const filtered = Object.keys(spec).length > 0;
  const layout = new TableLayout();
  let shown = 0;
  const first = visitSelected(trace, spec, (_i, _e, row) => {
    layout.fit(row);
    shown++;
  });
  const w = (s: string): boolean => write(`${s}\n`);
  w(paint('bold', `trace ${trace.path}`));
  for (const line of summaryLines(headerSummary(first.header))) w(line);
  w('');
  if (shown > 0) {
    w(layout.heading());
    visitSelected(trace, spec, (_i, _e, row) => w(layout.line(row)));
  }
  if (filtered) w(paint('dim', `${shown} of ${first.eventCount} events match the filter`));
  else if (shown === 0) w(paint('dim', '(no events)'));
  w('');
  for (const line of summaryLines(footerSummary(first.footer, first.eventCount))) {
    w(first.footer?.outcome.kind === 'failure' && line.startsWith('outcome') ? paint('red', line) : line);
  }
  return first;
}

/** Indents a JSON text (as JSON.stringify with 2 spaces makes it) by `depth` more levels. */
function indented(value: unknown, depth: number): string {
  return jsonText(value).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** `{ file, header, events, filter?, total?, footer, error? }`, events written as they are read. */
function printJsonStreamed(trace: TraceFile, spec: EventFilterSpec): TraceRead {
  const filtered = Object.keys(spec).length > 0;
  write(`{\n  "file": ${indented(trace.path, 1)},\n`);
  let started = false;
  const header = (h: TraceHeader | undefined): void => {
    if (started) return;
    started = true;
    write(`  "header": ${indented(h === undefined ? null : jsonSafe(h), 1)},\n  "events": [`);
  };
  let count = 0;
  const read = visitSelected(
    trace,
    spec,
    (index, event) => {
      header(undefined);
      write(`${count++ === 0 ? '\n' : ',\n'}    ${indented(eventJson(index, event), 2)}`);
    },
    header,
  );
  header(undefined);
  write(count === 0 ? '],\n' : '\n  ],\n');
  const rest = {
    ...(filtered ? { filter: jsonSafe(spec), total: read.eventCount } : {}),
    footer: read.footer === undefined ? null : jsonSafe(read.footer),
    ...(read.error === undefined ? {} : { error: { reason: read.error.reason, offset: read.error.offset, message: read.error.message } }),
  };
  const entries = Object.entries(rest).map(([k, v]) => `  ${JSON.stringify(k)}: ${indented(v, 1)}`);
  write(`${entries.join(',\n')}\n}\n`);
  return read;
}
