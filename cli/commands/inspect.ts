import type { Command } from 'commander';
import { Exit, UsageError } from '../errors.js';
import { printJson } from '../report.js';
import { paint } from '../style.js';
import {
  damageLine,
  eventJson,
  footerSummary,
  headerSummary,
  jsonSafe,
  loadTracePrefix,
  parseHandle,
  parseKinds,
  renderTable,
  selectEvents,
  summaryLines,
  type EventFilterSpec,
} from '../view/index.js';

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
      const prefix = loadTracePrefix(file);
      const selected = selectEvents(prefix.events, spec);
      const damage = damageLine(file, prefix);
      const filtered = Object.keys(spec).length > 0;
      if (o.json === true) {
        printJson({
          file,
          header: prefix.header === undefined ? null : jsonSafe(prefix.header),
          events: selected.map((s) => eventJson(s.index, s.event)),
          ...(filtered ? { filter: jsonSafe(spec), total: prefix.events.length } : {}),
          footer: prefix.footer === undefined ? null : jsonSafe(prefix.footer),
          ...(prefix.error === undefined ? {} : { error: { reason: prefix.error.reason, offset: prefix.error.offset, message: prefix.error.message } }),
        });
      } else {
        const w = (s: string): boolean => process.stdout.write(`${s}\n`);
        w(paint('bold', `trace ${file}`));
        for (const line of summaryLines(headerSummary(prefix.header))) w(line);
        w('');
        if (selected.length > 0) for (const line of renderTable(selected.map((s) => s.row))) w(line);
        if (filtered) w(paint('dim', `${selected.length} of ${prefix.events.length} events match the filter`));
        else if (selected.length === 0) w(paint('dim', '(no events)'));
        w('');
        for (const line of summaryLines(footerSummary(prefix.footer, prefix.events.length))) {
          w(prefix.footer?.outcome.kind === 'failure' && line.startsWith('outcome') ? paint('red', line) : line);
        }
      }
      // The readable part is on stdout; the damage is bad input: one line on stderr, exit 2.
      if (damage !== undefined) throw new UsageError(damage);
      exit(Exit.Pass);
    });
}
