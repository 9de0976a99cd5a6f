/** Progress for long work, on a TTY only (stderr, so --json on stdout stays clean). */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, extra?: Record<string, string | number>): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

export function progressBar(total: number, label: string, format = ' {bar} {value}/{total} {unit}'): Progress {
  if (process.stderr.isTTY !== true) return SILENT;
  const bar = new cliProgress.SingleBar(
    { format: `${label}${format}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { unit: '', rps: 0, failures: 0 });
  return {
    update: (done, extra) => bar.update(done, extra),
    stop: () => bar.stop(),
  };
}
