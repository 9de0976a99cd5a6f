/** Runs the real CLI as a child process, as a user or a CI script would. */
import { spawnSync } from 'node:child_process';

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
