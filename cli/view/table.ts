/** The readable event table: aligned columns, errors in red on a terminal. */
import { paint } from '../style.js';
import type { EventRow } from './rows.js';
import { grouped } from './values.js';
import { widest } from './width.js';

/** Arguments wider than this are not padded to: one long buffer should not push every row's result off screen. */
const MAX_ARGS_WIDTH = 64;

/** How `renderTable` draws: a per-row marker column (diff's `-`/`+`), and the stream whose TTY-ness decides colour. */
export interface TableOptions {
  /** A marker before each row (`-`, `+`, ` `), for diff; none by default. */
  readonly marker?: (row: EventRow) => string;
  readonly stream?: NodeJS.WriteStream;
}

const HEAD = { index: '#', at: 'time (us)', module: 'module', kind: 'kind', args: 'arguments', result: 'result' } as const;

/** The rows as lines of text, with a heading line. */
export function renderTable(rows: readonly EventRow[], options: TableOptions = {}): string[] {
  const cells = rows.map((r) => ({ row: r, index: `#${r.index}`, at: grouped(r.at) }));
  const width = (values: readonly string[], head: string, cap = Infinity): number => Math.min(cap, widest(values, head.length));
  const w = {
    index: width(cells.map((c) => c.index), HEAD.index),
    at: width(cells.map((c) => c.at), HEAD.at),
    module: width(rows.map((r) => r.module), HEAD.module),
    kind: width(rows.map((r) => r.kind), HEAD.kind),
    args: width(rows.map((r) => r.args), HEAD.args, MAX_ARGS_WIDTH),
  };
  const stream = options.stream ?? process.stdout;
  const mark = options.marker;
  const line = (marker: string, index: string, at: string, module: string, kind: string, args: string, result: string): string =>
    `${marker}${index.padEnd(w.index)}  ${at.padStart(w.at)}  ${module.padEnd(w.module)}  ${kind.padEnd(w.kind)}  ${args.padEnd(w.args)}  ${result}`.trimEnd();
  const out = [paint('dim', line(mark === undefined ? '' : '  ', HEAD.index, HEAD.at, HEAD.module, HEAD.kind, HEAD.args, HEAD.result), stream)];
  for (const c of cells) {
    const r = c.row;
    const text = line(mark === undefined ? '' : `${mark(r)} `, c.index, c.at, r.module, r.kind, r.args, r.result);
    out.push(r.error ? paint('red', text, stream) : text);
  }
  return out;
}
