/**
 * Determinism is enforced, not hoped for: a child process poisons every ambient source
 * of time, randomness, timers and environment before any arksim module loads
 * (test/fixtures/poison/preload.ts), then runs everything arksim does: the catalogue
 * under every strategy, recording, reading and replaying traces, exploring and
 * shrinking, Wasm guests. Nothing may touch the poison, and the workload must show it
 * really ran. A second child proves the poison catches each source it claims to.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { catalogue } from '../../scenarios/index.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The project root, from dist/test/e2e/ where the compiled test runs. */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(root, 'dist', 'test', 'fixtures', 'poison');

interface PoisonReport {
  readonly touched: readonly string[];
  readonly installed: readonly string[];
  readonly results: unknown;
  readonly exitCode: number;
  readonly stderr: string;
}

/** Runs `script` under the poison preload and returns the report it prints at exit. */
function poisoned(script: string, args: readonly string[] = []): Promise<PoisonReport> {
  const argv = ['--import', pathToFileURL(join(fixtures, 'preload.js')).href, join(fixtures, script), ...args];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{"poisonReport"'));
      if (line === undefined) return reject(new Error(`${script} printed no poison report (${error?.message ?? 'exit 0'}):\n${stderr}`));
      const report = (JSON.parse(line) as { poisonReport: Omit<PoisonReport, 'exitCode' | 'stderr'> }).poisonReport;
      resolve({ ...report, exitCode: typeof error?.code === 'number' ? error.code : 0, stderr });
    });
  });
}

interface ShrinkReport {
  readonly target: string;
  readonly failures: number;
  readonly reproduced: boolean;
  readonly shrunkFailsTheSameWay: boolean;
  readonly shrunkParentIsOriginal: boolean;
  readonly replayMatched: boolean;
  readonly originalEvents: number;
  readonly shrunkEvents: number;
  readonly decisions: readonly [number, number];
}

interface WorkloadResults {
  readonly error?: string;
  readonly ok?: {
    readonly catalogue: { scenarios: string[]; runs: Record<string, number>; policies: number; traceBytes: number; notReplayed: string[] };
    readonly replays: Record<string, unknown>;
    readonly explore: readonly ShrinkReport[];
    readonly wasm: { outcomes: Record<string, string>; notReplayed: string[] };
  };
}

test('all of arksim runs with every ambient source poisoned, touches none of them, and really ran', async (t) => {
  const dir = tempDir('poison', t);
  const report = await poisoned('workload.js', [dir]);
  t.deepEqual(report.touched, [], 'ambient sources used during the run');
  const results = report.results as WorkloadResults;
  t.is(results.error, undefined);
  t.is(report.exitCode, 0, report.stderr);
  const ok = results.ok;
  if (ok === undefined) return t.fail('the workload reported no results');

  const n = catalogue.length;
  t.deepEqual(ok.catalogue.scenarios, catalogue.map((s) => s.name), 'every catalogue scenario ran');
  t.deepEqual(ok.catalogue.runs, { fifo: 3 * n, random: 3 * n, pct: 3 * n });
  t.true(ok.catalogue.policies >= 10, `${ok.catalogue.policies} distinct policy sets`);
  t.true(ok.catalogue.traceBytes > 0);
  t.deepEqual(ok.catalogue.notReplayed, [], 'every recorded trace reads back and replays exactly, byte for byte');

  t.deepEqual(ok.replays, {
    fileEvents: ok.replays['fileEvents'],
    fileMatchesMemory: true,
    checkOutcome: 'pass',
    guestOnlyMatched: true,
    conformanceCalls: ok.replays['conformanceCalls'],
    conformanceDifferences: 0,
  });
  t.true((ok.replays['fileEvents'] as number) > 0);
  t.true((ok.replays['conformanceCalls'] as number) > 0);

  t.deepEqual(
    ok.explore.map((e) => e.target),
    ['poll-before-ready', 'order_guest'],
  );
  for (const e of ok.explore) {
    t.true(e.failures > 0, `${e.target}: exploration found failures`);
    t.true(e.reproduced && e.shrunkFailsTheSameWay, `${e.target}: the shrunk run fails the same way`);
    t.true(e.shrunkEvents < e.originalEvents, `${e.target}: shrinking shortened the trace (${e.originalEvents} -> ${e.shrunkEvents} events)`);
    t.true(e.decisions[1] <= e.decisions[0]);
    t.true(e.shrunkParentIsOriginal && e.replayMatched, `${e.target}: the shrunk trace replays exactly`);
  }

  t.deepEqual(ok.wasm.outcomes, {
    'panic_guest fifo': 'panic',
    'panic_guest random': 'panic',
    'panic_guest pct': 'panic',
    'wild fifo': 'pass',
    'wild random': 'pass',
    'wild pct': 'pass',
  });
  t.deepEqual(ok.wasm.notReplayed, []);
});

interface ProbeResult {
  readonly expected: string;
  readonly threw: boolean;
  readonly recorded: readonly string[];
}

test('the poison is real: each source, reached by a global, a load-time capture, an import or an alias, is recorded and throws', async (t) => {
  const report = await poisoned('probes.js');
  t.is(report.exitCode, 0, report.stderr);
  const { probes } = report.results as { probes: ProbeResult[] };
  const failed = probes.filter((p) => !p.threw || p.recorded.length !== 1 || p.recorded[0] !== p.expected);
  t.deepEqual(failed, [], 'probes the poison did not catch as expected');
  const probed = new Set(probes.map((p) => p.expected));
  t.deepEqual(
    report.installed.filter((name) => !probed.has(name)),
    [],
    'poisons no probe reaches (untested)',
  );
  // The ones the old in-process test could not see.
  for (const name of ['Date()', 'node:crypto.randomBytes', 'node:timers.setTimeout', 'process.uptime', 'Intl.DateTimeFormat#format()', 'AbortSignal.timeout']) {
    t.true(probed.has(name), name);
  }
  t.true(report.installed.length >= 100, `${report.installed.length} poisons installed`);
});
