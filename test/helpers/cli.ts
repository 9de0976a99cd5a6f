/** Runs the real CLI as a child process, as a user or a CI script would. */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function arksim(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, ['bin/arksim.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let outputs = 0;

/**
 * The CLI in a V8 heap of `heapMb` (a test of memory that must not grow with a trace),
 * its stdout going to a file in `dir`: what is measured is the command's memory, not a
 * pipe's buffer filling while the test runner, busy with other tests, reads it slowly.
 */
export function arksimInHeap(heapMb: number, args: readonly string[], dir: string): CliResult {
  const out = join(dir, `stdout-${outputs++}.txt`);
  const fd = openSync(out, 'w');
  try {
    const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, 'bin/arksim.js', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', fd, 'pipe'],
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, stdout: readFileSync(out, 'utf8'), stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}

/** The one-line error contract: exactly one non-empty line on stderr, no stack trace. */
export function isOneLineError(stderr: string): boolean {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  return lines.length === 1 && !/^\s+at /m.test(stderr);
}

/**
 * A Wasm exploration target that fails (the launch-order bug of test/guests/order_guest):
 * with `--seed 5 --strategy random` its run panics "completions out of launch order".
 */
export const ORDER_GUEST = ['--wasm', 'test/guests/order_guest.wasm', '--module', 'callee=test/guests/callee.wasm', '--policy', 'latency=fixed:16667', '--frames', '20'] as const;

/** Records that failing order_guest run (seed 5, random) to `trace`. */
export function recordFailingOrderGuest(trace: string): CliResult {
  return arksim(['run', ...ORDER_GUEST, '--seed', '5', '--strategy', 'random', '--out', trace]);
}
