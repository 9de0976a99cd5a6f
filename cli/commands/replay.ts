import { Option, type Command } from 'commander';
import { isGuestEvent } from '../../sim/replay/guest-events.js';
import { replayGuestOnly } from '../../sim/replay/guest-only.js';
import { replayRun, type ReplayMode, type ReplayResult, type ScheduleUse } from '../../sim/replay/replay.js';
import { describeOutcome } from '../../sim/outcome.js';
import { Exit, UsageError } from '../errors.js';
import { addTraceWasmOptions } from '../options.js';
import { outcomeJson, outcomeLine, printJson } from '../report.js';
import { progressBar } from '../progress.js';
import { paint } from '../style.js';
import { targetForTrace } from '../trace-target.js';
import { loadTrace, recordedRun } from '../trace-io.js';
import { oneLine } from '../view/values.js';

interface ReplayOptions {
  readonly mode: ReplayMode;
  readonly guestOnly?: boolean;
  readonly json?: boolean;
  readonly wasm?: string;
  readonly module: string[];
}

/**
 * How many of the trace's events the replay reproduced exactly: all of them for a
 * matched replay, the guest's own (frames and its FFI calls) for a guest-only one,
 * those before the first difference for a diverged one; none for check mode, which
 * compares nothing. Text and `--json` (`reproduced`) both report this number.
 */
function reproducedCount(r: ReplayResult, compared: number): number | undefined {
  if (r.mode === 'check') return undefined;
  return r.divergence?.index ?? (r.matched ? compared : undefined);
}

/**
 * Check mode's account of the recorded schedule: whether the run left it, and how much of
 * it the run used. A run that never left it can still end (a changed module fails
 * early) before using most of it, which is not "followed to the end".
 */
function scheduleLine(offTrack: string | undefined, s: ScheduleUse): string {
  const used = `${s.decisions.used} of ${s.decisions.recorded} recorded decisions and ${s.draws.used} of ${s.draws.recorded} policy draws`;
  if (offTrack !== undefined) return `left the recorded schedule after using ${used}: ${offTrack}`;
  if (s.decisions.used === s.decisions.recorded && s.draws.used === s.draws.recorded) return `followed the recorded schedule to the end (${used})`;
  return `the run ended before the recorded schedule did: it used ${used}`;
}

function exitCode(r: ReplayResult): number {
  if (r.mode === 'exact') return r.matched ? Exit.Pass : Exit.Failure;
  return r.outcome.kind === 'pass' ? Exit.Pass : Exit.Failure;
}

export function replayCommandSpec(program: Command, exit: (code: number) => void): void {
  const cmd = program
    .command('replay')
    .description('reproduce a trace: exact (every event compared) or check (does the run pass now?)')
    .argument('<FILE>', 'a trace')
    .addOption(new Option('--mode <MODE>', 'exact: follow and compare every event; check: follow while it applies, then judge the outcome').choices(['exact', 'check']).default('exact'))
    .option('--guest-only', 'answer the guest from the trace alone, without its launched modules (exact mode only: with no modules, nothing can continue past the trace)')
    .option(
      '--json',
      'one JSON object on stdout: outcome (a replay that does not match fails as a divergence), matched (exact: every event reproduced; ' +
        'check mode compares no events and always says true), recordedHost (the host the trace names, null if none), reproduced (trace events reproduced exactly), divergence (index, message, report, ' +
        'differences: field, expected, actual, and for bytes the first differing offset with a window of each side), schedule (recorded ' +
        'decisions and policy draws used), offTrack, traceEvents, events (events the replay emitted)',
    );
  addTraceWasmOptions(cmd).action(async (file: string, o: ReplayOptions) => {
      // Check mode goes on past the recorded schedule with the real modules; guest-only
      // has none, and its host can only answer calls the trace recorded.
      if (o.guestOnly === true && o.mode === 'check') throw new UsageError('--guest-only replays exactly; it cannot be combined with --mode check');
      const trace = loadTrace(file);
      // Check mode is for the fixed guest: its file has changed, by design.
      const target = await targetForTrace(trace, o, o.mode === 'check' ? 'allow' : 'refuse', file);
      const recorded = recordedRun(trace, file);
      const host = trace.header.host;
      if (host !== null && host !== 'reference' && o.guestOnly !== true) {
        // Another host's handle values, timings and errors are its own: the reference host may well diverge from them.
        process.stderr.write(
          `note: ${oneLine(file)} was recorded on host "${oneLine(host)}"; arksim replay runs the reference host, so it diverges where the hosts differ ` +
            `(replay it on its own host with replayScenarioTrace(scenario, FILE, 'exact', host) from arksim/testing)\n`,
        );
      }
      const sim = target.build();
      const guest = sim.guest.name;
      const compared = o.guestOnly === true ? trace.events.filter((e) => isGuestEvent(e, guest)).length : trace.events.length;
      // A large replay shows how far it got (on a TTY; events counted as the run emits them).
      const bar = progressBar(trace.events.length, 'replaying', ' {bar} {value}/{total} events');
      let seen = 0;
      const counter = { emit: () => void (++seen % 4096 === 0 && bar.update(seen)) };
      const r =
        o.guestOnly === true
          ? replayGuestOnly(sim.guest, recorded)
          : replayRun(sim, recorded, o.mode, { sinks: [counter] });
      bar.stop();
      const reproduced = reproducedCount(r, compared);
      if (o.json === true) {
        printJson({
          outcome: outcomeJson(r.outcome),
          seed: recorded.seed,
          trace: file,
          recordedHost: host,
          mode: o.guestOnly === true ? 'guest-only' : r.mode,
          matched: r.matched,
          recordedOutcome: r.recordedOutcome === undefined ? null : outcomeJson(r.recordedOutcome),
          ...(r.divergence === undefined
            ? {}
            : { divergence: { index: r.divergence.index, message: r.divergence.message, report: r.divergence.report(), differences: r.divergence.differences() } }),
          ...(r.offTrack === undefined ? {} : { offTrack: r.offTrack }),
          ...(r.schedule === undefined ? {} : { schedule: r.schedule }),
          ...(reproduced === undefined ? {} : { reproduced }),
          traceEvents: trace.events.length,
          events: r.run.events,
        });
      } else {
        const w = (s: string): boolean => process.stdout.write(`${s}\n`);
        if (r.mode === 'exact') {
          if (r.matched) {
            const which = o.guestOnly === true ? ` of the trace's ${trace.events.length} (the guest's frames and FFI calls)` : '';
            w(`${paint('green', 'replay matched')}: ${reproduced ?? compared} events${which} reproduced exactly`);
            w(`outcome: ${outcomeLine(r.outcome)}`);
          } else {
            // The message and report quote the run's text (guests' names and messages): each line stays one inert line.
            w(paint('red', oneLine(r.divergence?.message ?? `replay diverged: ${describeOutcome(r.outcome)}`)));
            if (r.divergence !== undefined) for (const line of r.divergence.report().split('\n')) w(oneLine(line));
          }
        } else {
          w(`check: ${outcomeLine(r.outcome)}`);
          if (r.schedule !== undefined) w(scheduleLine(r.offTrack, r.schedule));
        }
      }
      exit(exitCode(r));
    });
}
