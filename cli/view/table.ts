/** The readable event table: aligned columns, errors in red on a terminal. */
import { paint } from '../style.js';
import type { EventRow } from './rows.js';
import { grouped } from './values.js';

/** Arguments wider than this are not padded to: one long buffer should not push every row's result off screen. */
const MAX_ARGS_WIDTH = 64;

/** How `renderTable` draws: a per-row marker column (diff's `-`/`+`), and the stream whose TTY-ness decides colour. */
export interface TableOptions {
  /** A marker before each row (`-`, `+`, ` `), for diff; none by default. */
  readonly marker?: (row: EventRow) => string;
  readonly stream?: NodeJS.WriteStream;
}

const HEAD = { index: '#', at: 'time (us)', module: 'module', kind: 'kind', args: 'arguments', result: 'result' } as const;

/**
 * Column widths fitted to rows one at a time, then lines drawn with them: a table of
 * millions of rows is measured in one pass over a trace and printed in a second, never
 * held (`arksim inspect` of a long run).
 */
export class TableLayout {
  private readonly w = { index: HEAD.index.length, at: HEAD.at.length, module: HEAD.module.length, kind: HEAD.kind.length, args: HEAD.args.length };
  private readonly stream: NodeJS.WriteStream;

  constructor(private readonly options: TableOptions = {}) {
    this.stream = options.stream ?? process.stdout;
  }

  fit(row: EventRow): void {
    const w = this.w;
    w.index = Math.max(w.index, `#${row.index}`.length);
    w.at = Math.max(w.at, grouped(row.at).length);
    w.module = Math.max(w.module, row.module.length);
    w.kind = Math.max(w.kind, row.kind.length);
    w.args = Math.min(MAX_ARGS_WIDTH, Math.max(w.args, row.args.length));
  }

  heading(): string {
    return paint('dim', this.text(this.options.marker === undefined ? '' : '  ', HEAD.index, HEAD.at, HEAD.module, HEAD.kind, HEAD.args, HEAD.result), this.stream);
  }

  line(row: EventRow): string {
    const mark = this.options.marker;
    const text = this.text(mark === undefined ? '' : `${mark(row)} `, `#${row.index}`, grouped(row.at), row.module, row.kind, row.args, row.result);
    return row.error ? paint('red', text, this.stream) : text;
  }

  private text(marker: string, index: string, at: string, module: string, kind: string, args: string, result: string): string {
    const w = this.w;
    return `${marker}${index.padEnd(w.index)}  ${at.padStart(w.at)}  ${module.padEnd(w.module)}  ${kind.padEnd(w.kind)}  ${args.padEnd(w.args)}  ${result}`.trimEnd();
  }
}

/** The rows as lines of text, with a heading line. */
export function renderTable(rows: readonly EventRow[], options: TableOptions = {}): string[] {
  const layout = new TableLayout(options);
  for (const r of rows) layout.fit(r);
  return [layout.heading(), ...rows.map((r) => layout.line(r))];
}
