import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { Exit, UsageError } from '../errors.js';
import { buildTimeline, chromeTrace, damageLine, loadTracePrefix, timelineHtml } from '../view/index.js';

type Format = 'chrome' | 'html';

interface ExportOptions {
  readonly format: Format;
  readonly out?: string;
}

const EXTENSION: Record<Format, string> = { chrome: '.json', html: '.html' };

export function exportCommandSpec(program: Command, exit: (code: number) => void): void {
  program
    .command('export')
    .description('a timeline of the trace: Chrome trace JSON (Perfetto, chrome://tracing) or one self-contained HTML page')
    .argument('<FILE>', 'a trace (a .partial from an interrupted run too)')
    .addOption(new Option('--format <FORMAT>', 'chrome: Trace Event JSON; html: a page with zoom, pan and details').choices(['chrome', 'html']).makeOptionMandatory())
    .option('--out <FILE>', 'where to write it (default FILE with .json or .html appended)')
    .action((file: string, o: ExportOptions) => {
      const prefix = loadTracePrefix(file);
      const damage = damageLine(file, prefix);
      if (prefix.header === undefined) throw new UsageError(damage ?? `${file}: the trace has no header`);
      const timeline = buildTimeline(prefix, damage);
      const out = o.out ?? `${file}${EXTENSION[o.format]}`;
      const text = o.format === 'chrome' ? `${JSON.stringify(chromeTrace(timeline))}\n` : timelineHtml(timeline);
      try {
        writeFileSync(out, text);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== undefined) throw new UsageError(`${out}: cannot write (${code})`);
        throw e;
      }
      const modules = timeline.tracks.filter((t) => t.kind === 'module').length;
      const requests = timeline.tracks.filter((t) => t.kind === 'request').length;
      process.stdout.write(`${out}: ${o.format === 'chrome' ? 'Chrome trace' : 'HTML timeline'} of ${timeline.eventCount} events, ${modules} module tracks, ${requests} request tracks${damage === undefined ? '' : ' (the readable part only)'}\n`);
      if (damage !== undefined) throw new UsageError(damage);
      exit(Exit.Pass);
    });
}
