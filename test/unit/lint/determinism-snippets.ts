/**
 * Code the determinism lint (eslint.config.js) must refuse in sim/, recorder/ and
 * scenarios/, each with the rules that must report it, and code it must accept.
 * One rule reporting a snippet is not enough: each listed rule must, so weakening any
 * one of them fails the test even where another rule would still catch the snippet.
 */

export type DeterminismRule = 'no-restricted-globals' | 'no-restricted-properties' | 'no-restricted-syntax' | 'no-restricted-imports';

const G = 'no-restricted-globals';
const P = 'no-restricted-properties';
const S = 'no-restricted-syntax';
const I = 'no-restricted-imports';

export type Forbidden = readonly [code: string, rules: readonly DeterminismRule[]];

const clock: Forbidden[] = [
  ['Date.now();', [G]],
  ['new Date();', [G]],
  ['Date();', [G]],
  ['const D = Date; new D(); D.now();', [G]],
  ['new (Date as DateConstructor)();', [G]],
  ['Date.prototype.constructor();', [G]],
  ['export const d = new Date(2020, 0, 1).getHours();', [G]],
  ['globalThis.Date.now();', [G, S]],
  ['new globalThis.Date();', [G, S]],
  ['const g = globalThis; g.Date.now();', [S]],
  ['(globalThis as unknown as { Date: DateConstructor }).Date.now();', [S]],
  ['performance.now();', [G]],
  ['performance.timeOrigin;', [G]],
  ['globalThis.performance.now();', [G, S]],
  ['process.hrtime();', [G]],
  ['process.hrtime.bigint();', [G]],
  ['process.uptime();', [G]],
  ['process.cpuUsage();', [G]],
  ['process.memoryUsage();', [G]],
  ['export const e = process.env.SEED;', [G]],
  ['export const p = process.pid;', [G]],
  ['export const w = process.platform;', [G]],
  ['console.time("run");', [G]],
  ['new Intl.DateTimeFormat().format();', [G]],
  ['export const s = (1234.5).toLocaleString();', [P]],
  ['export const s = new Uint8Array(1).toLocaleString();', [P]],
  ["export const c = 'a'.localeCompare('b');", [P]],
];

const randomness: Forbidden[] = [
  ['Math.random();', [P]],
  ["Math['random']();", [P, S]],
  ['const { random } = Math; random();', [P, S]],
  ['const M = Math; M.random();', [S]],
  ["Reflect.get(Math, 'random');", [G, S]],
  ['globalThis.Math.random();', [S]],
  ['crypto.randomUUID();', [G]],
  ['crypto.getRandomValues(new Uint8Array(4));', [G]],
  ['globalThis.crypto.randomUUID();', [G, S]],
  ['Buffer.allocUnsafe(8);', [P]],
  ['Buffer.allocUnsafeSlow(8);', [P]],
];

const timersAndThreads: Forbidden[] = [
  ['setTimeout(() => undefined, 1);', [G]],
  ['globalThis.setTimeout(() => undefined, 1);', [G, S]],
  ['setInterval(() => undefined, 1);', [G]],
  ['setImmediate(() => undefined);', [G]],
  ['clearTimeout(undefined);', [G]],
  ['queueMicrotask(() => undefined);', [G]],
  ['AbortSignal.timeout(5);', [G]],
  ['new WeakRef({});', [G]],
  ['new FinalizationRegistry(() => undefined);', [G]],
  ['Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);', [G]],
  ["export const t = new Event('e').timeStamp;", [G]],
  ["void fetch('https://example.com');", [G]],
  ["new Worker('w.js');", [G]],
  ['new MessageChannel();', [G]],
];

const escapes: Forbidden[] = [
  ["eval('Date.now()');", [G]],
  ["new Function('return Date.now()')();", [G]],
  ["Function('return this')();", [G]],
  ['window.setTimeout(() => undefined, 1);', [G]],
  ['self.crypto.randomUUID();', [G]],
  ['global.process.uptime();', [G]],
  ["require('node:crypto');", [G]],
  ["export const c = await import('node:crypto');", [S]],
  ["export const c = import('./random.js');", [S]],
];

const imports: Forbidden[] = [
  ["import c from 'node:crypto'; c.randomBytes(4);", [I]],
  ["import * as c from 'node:crypto'; c.randomBytes(4);", [I]],
  ...['randomBytes', 'randomFillSync', 'randomUUID', 'randomInt', 'getRandomValues', 'webcrypto', 'subtle', 'generateKeySync'].map(
    (name): Forbidden => [`import { ${name} } from 'node:crypto'; export { ${name} };`, [I]],
  ),
  ["import { createHash } from 'crypto'; export { createHash };", [I]],
  ["import { hrtime, uptime } from 'node:process'; export { hrtime, uptime };", [I]],
  ["import process from 'node:process'; export { process };", [I]],
  ["import { cpus } from 'node:os'; export { cpus };", [I]],
  ["import os from 'os'; export { os };", [I]],
  ["import { setTimeout } from 'node:timers'; export { setTimeout };", [I]],
  ["import { setTimeout } from 'timers'; export { setTimeout };", [I]],
  ["import { setTimeout } from 'node:timers/promises'; export { setTimeout };", [I]],
  ["import { performance } from 'node:perf_hooks'; export { performance };", [I]],
  ["import { Worker } from 'node:worker_threads'; export { Worker };", [I]],
  ["import { spawnSync } from 'node:child_process'; export { spawnSync };", [I]],
  ["import { createServer } from 'node:net'; export { createServer };", [I]],
  ["import { get } from 'node:http'; export { get };", [I]],
  ["import { createRequire } from 'node:module'; createRequire(import.meta.url)('crypto');", [I]],
  ["import { statSync } from 'node:fs'; export { statSync };", [I]],
  ["import * as fs from 'node:fs'; export { fs };", [I]],
  ["import fs from 'node:fs'; export { fs };", [I]],
  ["import { resolve } from 'node:path'; export { resolve };", [I]],
  ["import { v4 } from 'uuid'; export { v4 };", [I]],
  ["export { randomBytes } from 'node:crypto';", [I]],
  ["export * from 'node:os';", [I]],
  ["import crypto = require('crypto'); export { crypto };", [I]],
  ["import { asyncScheduler } from 'rxjs'; export { asyncScheduler };", [I]],
  ["import * as rx from 'rxjs'; rx.timer(5000);", [I]],
];

const rxjsDefaults: Forbidden[] = [
  ["import { timer } from 'rxjs'; timer(5000);", [S]],
  ["import { interval } from 'rxjs'; interval(10);", [S]],
  ["import { delay } from 'rxjs'; delay(5);", [S]],
  ["import { timeout } from 'rxjs'; timeout(5);", [S]],
  ["import { timeout } from 'rxjs'; timeout({ each: 5 });", [S]],
  ["import { timestamp } from 'rxjs'; timestamp();", [S]],
];

export const forbidden: readonly Forbidden[] = [...clock, ...randomness, ...timersAndThreads, ...escapes, ...imports, ...rxjsDefaults];

/** Plain JavaScript every extension parses: for checking the rules cover .mts, .cjs, .js and the rest. */
export const forbiddenInAnyFile = 'Date.now();\n';

/** What the simulator, recorder and scenarios do today, and must go on being allowed to. */
export const allowed: readonly string[] = [
  "import { createHash } from 'node:crypto';\nexport const h = createHash('sha256').update('x').digest('hex');",
  "import { hash, type Hash } from 'node:crypto';\nexport const f = (h: Hash): string => hash('sha256', 'x') + h.digest('hex');",
  "import { readFileSync, existsSync } from 'node:fs';\nexport const pkg = existsSync('p') ? readFileSync(new URL('../package.json', import.meta.url), 'utf8') : '';",
  "import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';\nexport const io = [closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync];",
  "import { dirname } from 'node:path';\nexport const d = dirname('/a/b');",
  "import { crc32 } from 'node:zlib';\nexport const c = crc32('x');",
  "import { Buffer } from 'node:buffer';\nexport const b = Buffer.alloc(4).toString('hex');",
  "import { timeout, timer, type SchedulerLike } from 'rxjs';\nexport const t = (s: SchedulerLike) => [timer(5, s), timer(0, 5, s), timeout({ each: 5, scheduler: s })];",
  "import seedrandom from 'seedrandom';\nexport const r = seedrandom.alea('', { state: { c: 1, s0: 0, s1: 0, s2: 0 } });",
  "import { Unpackr } from 'msgpackr';\nexport const u = new Unpackr();",
  "import { SeedStreams } from '../random.js';\nexport const s = new SeedStreams(1);",
  'export const m = Math.max(1, Math.floor(2.5), Math.min(3, Math.ceil(0.5)));',
  'export const W = (globalThis as unknown as { WebAssembly: unknown }).WebAssembly;',
  // Types read nothing.
  'export type When = Date;\nexport type Options = Intl.DateTimeFormatOptions;\nexport type Perf = typeof performance;',
  // Local names that shadow a banned global are not that global; a Wasm trap's stack text is read for its Wasm frames.
  'export function f(self: { stack: { used: number } }, e: Error): string {\n  const global = 1;\n  return `${self.stack.used + global} ${e.stack ?? ""}`;\n}',
  "export const n = (1).toString(16) + 'a'.normalize();",
];

/** recorder/targets.ts may read process.platform (its directory fsync), and nothing else of process. */
export const targetsAllowed = "export const windows = process.platform === 'win32';";
export const targetsForbidden: readonly Forbidden[] = [
  ['export const e = process.env.HOME;', [S]],
  ['process.hrtime();', [S]],
  ['export const p = process;', [S]],
  ['Date.now();', [G]],
];
