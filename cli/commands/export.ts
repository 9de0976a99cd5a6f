import { Option, type Command } from 'commander';
import { Exit, UsageError } from '../errors.js';
import { ChromeTraceWriter } from '../view/chrome.js';
import { HtmlTimelineWriter, MAX_HTML_EVENTS } from '../view/html.js';
import { damageLine } from '../view/load.js';
import { OutFile } from '../view/out-file.js';
import { surveyTimeline, timelineHead, writeTimeline, type TimelineFormat } from '../view/timeline-stream.js';
import { closeTrace, openTrace } from '../view/trace-stream.js';
import { grouped } from '../view/values.js';

type Format = 'chrome' | 'html';

interface ExportOptions {
  readonly format: Format;
  readonly out?: string;
}

const EXTENSION: Record<Format, string> = { chrome: '.json', html: '.html' };


/**
 * Writes the export of `file`; returns the damage line of a trace readable only in part.
 * Reads the trace twice and writes as it goes (view/timeline-stream.ts): neither its
 * events nor the output are ever held whole, so memory does not grow with the trace.
 */
function exportTrace(file: string, o: ExportOptions): string | undefined {
  const trace = openTrace(file);
  try {
    const plan = surveyTimeline(trace);
    const damage = damageLine(file, plan.read);
    if (plan.read.header === undefined) throw new UsageError(damage ?? `${file}: the trace has no header`);
    const events = plan.read.eventCount;
    if (o.format === 'html' && events > MAX_HTML_EVENTS) {
      throw new UsageError(`${file}: ${grouped(events)} events are more than an HTML timeline holds (${grouped(MAX_HTML_EVENTS)}); use --format chrome and open it in Perfetto`);
    }
    const head = timelineHead(plan, damage);
    const out = new OutFile(o.out ?? `${file}${EXTENSION[o.format]}`);
    try {
      const write = (text: string): void => out.write(text);
      const format: TimelineFormat = o.format === 'chrome' ? new ChromeTraceWriter(write) : new HtmlTimelineWriter(write, file);
      format.begin(head);
      writeTimeline(trace, plan, format);
      format.end(head);
      out.close();
    } catch (e) {
      out.discard();
      throw e;
    }
    const what = o.format === 'chrome' ? 'Chrome trace' : 'HTML timeline';
    process.stdout.write(`${out.path}: ${what} of ${events} events, ${plan.modules.length} module tracks, ${plan.requests} request tracks${damage === undefined ? '' : ' (the readable part only)'}\n`);
    return damage;
  } finally {
    closeTrace(trace);
  }
}

export function exportCommandSpec(program: Command, exit: (code: number) => void): void {
  program
    .command('export')
    .description(`a timeline of the trace: Chrome trace JSON (Perfetto, chrome://tracing) or one self-contained HTML page (up to ${grouped(MAX_HTML_EVENTS)} events)`)
    .argument('<FILE>', 'a trace (a .partial from an interrupted run too)')
    .addOption(new Option('--format <FORMAT>', 'chrome: Trace Event JSON, any length; html: a page with zoom, pan and details').choices(['chrome', 'html']).makeOptionMandatory())
    .option('--out <FILE>', 'where to write it (default FILE with .json or .html appended)')
    .action((file: string, o: ExportOptions) => {
      const damage = exportTrace(file, o);
      if (damage !== undefined) throw new UsageError(damage);
      exit(Exit.Pass);
    });
}
