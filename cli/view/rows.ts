/**
 * One trace event as a row of the readable table: where (module), what (kind), with
 * what (arguments) and how it ended (result). Shared by `inspect` and `diff`.
 */
import type { TraceEvent } from '../../sim/events.js';
import { describeOutcome } from '../../sim/outcome.js';
import { FunctionSource } from '../../sim/host/codes.js';
import type { TraceContext } from './context.js';
import { code, grouped, hexBytes, oneLine } from './values.js';

/** One line of the event table, as text; `error` rows are painted red on a terminal. */
export interface EventRow {
  readonly index: number;
  /** Virtual microseconds. */
  readonly at: number;
  /** The calling module for calls, the module a request runs in for its completion and faults; `-` for run-wide events. */
  readonly module: string;
  /** The tag, except that a blocking `ffi.launch` reads as the ABI's `ffi.blocking_launch`. */
  readonly kind: string;
  readonly args: string;
  readonly result: string;
  /** A nonzero status code, a module fault, a rejected call or a failing outcome. */
  readonly error: boolean;
}

function source(fnType: number): string {
  if (fnType === FunctionSource.OwnModule) return 'OwnModule';
  if (fnType === FunctionSource.NamedModule) return 'NamedModule';
  return `source ${fnType}`;
}

function fnOf(ctx: TraceContext, caller: string, handle: bigint): string {
  const name = ctx.functionName(caller, handle);
  return name === undefined ? '' : ` (${name})`;
}

function requestOf(ctx: TraceContext, caller: string, request: bigint): string {
  const r = ctx.request(request, caller);
  return r === undefined ? '' : ` (${r.module}.${r.fn})`;
}

/** Module, kind, arguments and result of `e`; `ctx` must have observed the events before it. */
export function eventRow(index: number, e: TraceEvent, ctx: TraceContext): EventRow {
  // Every text field through oneLine: names, reasons and messages come from guests.
  const row = (module: string, kind: string, args: string, result: string, error: boolean): EventRow => ({
    index,
    at: e.at,
    module: oneLine(module),
    kind,
    args: oneLine(args),
    result: oneLine(result),
    error,
  });
  switch (e.t) {
    case 'ffi.create_function':
      return row(e.caller, e.t, `${source(e.fnType)} module=${e.module} name=${e.name}`, `${code(e.code)} handle=${e.handle}`, e.code !== 0);
    case 'ffi.remove_function':
      return row(e.caller, e.t, `handle=${e.handle}${fnOf(ctx, e.caller, e.handle)}`, code(e.code), e.code !== 0);
    case 'ffi.launch': {
      const returned = e.end !== e.at ? ` returned at ${grouped(e.end)}` : '';
      return row(
        e.caller,
        e.blocking ? 'ffi.blocking_launch' : 'ffi.launch',
        `handle=${e.handle}${fnOf(ctx, e.caller, e.handle)} input=${hexBytes(e.input)}`,
        `${code(e.code)} request=${e.request}${returned}`,
        e.code !== 0,
      );
    }
    case 'ffi.is_ready':
      return row(e.caller, e.t, `request=${e.request}${requestOf(ctx, e.caller, e.request)}`, `${code(e.code)} ${e.ready ? `ready size=${e.size}` : 'not ready'}`, e.code !== 0);
    case 'ffi.retrieve':
      return row(e.caller, e.t, `request=${e.request}${requestOf(ctx, e.caller, e.request)} len=${e.len}`, `${code(e.code)} output=${hexBytes(e.output)}`, e.code !== 0);
    case 'ffi.rejected':
      return row(e.caller, e.t, `call=${e.call} args=[${e.args.map(String).join(', ')}]`, `${code(e.code)} ${oneLine(e.reason)}`, true);
    case 'sched.decision':
      return row('-', e.t, `step=${e.step} candidates=[${e.candidates.join(', ')}]`, `chosen=${e.chosen}`, false);
    case 'draw.latency':
      return row('-', e.t, '', `${grouped(e.value)} us`, false);
    case 'draw.fault':
      return row('-', e.t, '', e.value ? 'fault' : 'no fault', false);
    case 'draw.handle':
      return row('-', e.t, '', `handle=${e.value}`, false);
    case 'req.launched':
      return row(e.caller, e.t, `request=${e.request} ${e.module}.${e.fn}${e.blocking ? ' blocking' : ''} due=${grouped(e.due)}`, '', false);
    case 'req.completed': {
      const r = ctx.request(e.request, e.caller);
      return row(r?.module ?? '-', e.t, `request=${e.request}${r === undefined ? '' : ` (${r.module}.${r.fn})`}`, `${code(e.code)} output=${hexBytes(e.output)}`, e.code !== 0);
    }
    case 'module.fault':
      return row(e.module, e.t, `request=${e.request} ${e.module}.${e.fn} kind=${e.kind}`, oneLine(e.message), true);
    case 'frame':
      return row('-', e.t, `index=${e.index}`, '', false);
    case 'log':
      return row(e.module, e.t, oneLine(e.message), '', false);
    case 'run.outcome':
      return row('-', e.t, '', oneLine(describeOutcome(e.outcome)), e.outcome.kind === 'failure');
  }
}

/** Rows for `events`, each described with the context of all the events before it. */
export function eventRows(events: readonly TraceEvent[], ctx: TraceContext, first = 0): EventRow[] {
  return events.map((e, i) => {
    const r = eventRow(first + i, e, ctx);
    ctx.observe(e);
    return r;
  });
}
