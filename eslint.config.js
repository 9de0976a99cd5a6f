// Lint: the sources (dist/ is generated). The determinism rules below are the point:
// sim/, recorder/ and scenarios/ must draw time and randomness from the seeded
// context, never from the process.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------
// Determinism: sim/, recorder/ and scenarios/ may not read wall-clock time, randomness,
// real timers or anything else outside the seed (the environment, the host, other
// threads). Lint is syntactic, so it closes the ways such code is written, including
// through aliases and the global object; test/e2e/poisoned-globals.test.ts is the
// runtime backstop for what no syntax check can see. test/unit/lint/determinism.test.ts
// fails if a rule here stops reporting one of its forbidden snippets.
// ---------------------------------------------------------------------------------

const DETERMINISTIC_DIRS = ['sim', 'recorder', 'scenarios'];
// Every extension ESLint parses here: a .mts, .cts or plain .js file is no way around it.
const DETERMINISTIC_FILES = DETERMINISTIC_DIRS.map((dir) => `${dir}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`);

const ambient = 'reads time, randomness or the environment outside the seed; take it from the simulation context';

const banned = (message, names) => names.map((name) => ({ name, message }));

// Globals banned outright, as values: any reference counts, so `const D = Date; new D()`,
// `new (Date as DateConstructor)()` and `Date.prototype.constructor()` are caught where
// `Date` is named. Type positions (`: Date`, `Intl.DateTimeFormatOptions`) are allowed:
// a type reads nothing. None of these is used as a value in those directories today,
// but for process.platform in recorder/targets.ts (fileTargetPlatform, below).
const restrictedGlobals = [
  ...banned(`${ambient} (Date reads the clock and the local time zone)`, ['Date']),
  ...banned(ambient, ['performance', 'PerformanceObserver', 'crypto', 'process', 'navigator']),
  ...banned(`${ambient} (Intl formats the current instant, and in the host's locale and time zone)`, ['Intl']),
  ...banned(`${ambient} (real timers: schedule on the simulation's scheduler)`, [
    'setTimeout',
    'setInterval',
    'setImmediate',
    'clearTimeout',
    'clearInterval',
    'clearImmediate',
    'queueMicrotask',
    'requestAnimationFrame',
    'requestIdleCallback',
    'AbortSignal',
  ]),
  ...banned(`${ambient} (depends on when the garbage collector runs)`, ['WeakRef', 'FinalizationRegistry']),
  ...banned(`${ambient} (Atomics.wait blocks for real time)`, ['Atomics']),
  ...banned(`${ambient} (an Event's timeStamp is the clock)`, ['Event', 'CustomEvent']),
  ...banned(`${ambient} (console.time prints wall-clock durations; a run's output belongs in its events)`, ['console']),
  ...banned(`${ambient} (network and other threads)`, ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'Worker', 'MessageChannel', 'MessagePort', 'BroadcastChannel']),
  // Ways to reach any of the above without naming it.
  ...banned('reaches globals by computed name (Reflect.get(Math, "random")); not needed here', ['Reflect']),
  ...banned('runs code from a string, which can name any global', ['eval', 'Function']),
  ...banned('loads modules at run time, past the import rules below', ['require']),
  ...banned('is the global object: every ambient global is reachable through it', ['global', 'self', 'window']),
];

// Members of globals that stay allowed (Math.floor, Buffer.from, a number's toString).
// Not restricted: an Error's `stack`. sim/wasm/ark-instance.ts (describeTrap) keeps only
// its wasm:// frames, function indices and offsets that are the same on every machine;
// and without types lint cannot tell `error.stack` from the Wasm stack counter `env.stack`.
const restrictedProperties = [
  { object: 'Math', property: 'random', message: ambient },
  { object: 'Buffer', property: 'allocUnsafe', message: 'hands out uninitialised memory, whose contents are not the seed\'s: use Buffer.alloc' },
  { object: 'Buffer', property: 'allocUnsafeSlow', message: 'hands out uninitialised memory, whose contents are not the seed\'s: use Buffer.alloc' },
  ...['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString', 'localeCompare'].map((property) => ({
    property,
    message: "depends on the host's locale and time zone; format explicitly",
  })),
];

// `(globalThis as …).WebAssembly`, as sim/wasm/webassembly.ts reads the engine's
// WebAssembly namespace (the `lib` has no types for it): the one use of globalThis allowed.
const webAssemblyMember = "MemberExpression[computed=false][property.name='WebAssembly']";
const allowedGlobalThis = [
  `${webAssemblyMember} > Identifier.object`,
  `${webAssemblyMember} > TSAsExpression.object > Identifier.expression`,
  `${webAssemblyMember} > TSAsExpression.object > TSAsExpression.expression > Identifier.expression`,
].join(', ');

// rxjs creation functions and operators that fall back to asyncScheduler (setInterval and
// Date.now) unless given a scheduler: each must be passed one, as its last argument or,
// for timeout's config form, as its `scheduler` field. (Namespace imports of rxjs, which
// would hide these names, are refused by the import rule's list for rxjs.)
const rxjsTimed = ['timer', 'interval', 'delay', 'debounceTime', 'throttleTime', 'auditTime', 'sampleTime', 'bufferTime', 'windowTime', 'timeout', 'timeoutWith'];

const restrictedSyntax = [
  { selector: `Identifier[name='globalThis']:not(${allowedGlobalThis})`, message: 'is the global object: every ambient global is reachable through it (only globalThis.WebAssembly is allowed)' },
  {
    // Math.floor and friends, yes; Math itself as a value (an alias, Math[name], Reflect.get(Math, …)), no: Math.random hides behind it.
    selector: "Identifier[name='Math']:not(MemberExpression[computed=false] > Identifier.object, MemberExpression[computed=false] > Identifier.property)",
    message: 'use Math only as Math.<name>: as a value it reaches Math.random',
  },
  { selector: 'ImportExpression', message: 'loads a module at run time, past the import rules; import it statically' },
  {
    selector: `CallExpression[callee.name=/^(${rxjsTimed.join('|')})$/][arguments.length<2]:not(:has(ObjectExpression > Property[key.name='scheduler']))`,
    message: "without a scheduler this runs on rxjs's asyncScheduler (real timers and Date.now): pass the simulation's scheduler",
  },
  {
    selector: "CallExpression[callee.name=/^(timeInterval|timestamp)$/][arguments.length=0]",
    message: "without a scheduler or timestamp provider this reads Date.now: pass the simulation's scheduler",
  },
];

const allowListed = 'is not on the determinism allow-list for sim/, recorder/ and scenarios/; a module is added (eslint.config.js) only once it is shown not to read time, randomness or the environment';

// Imports: an allow-list. Relative imports; from Node, only the named imports in use, all
// deterministic (hashing, file reads and writes, path and checksum arithmetic); the three
// dependencies. A default or namespace import of an allowed builtin is refused too: it
// reaches everything else in the module (randomBytes, webcrypto, statSync's mtime …).
const restrictedImports = {
  paths: [
    { name: 'node:crypto', allowImportNames: ['createHash', 'hash', 'Hash'], message: 'only hashing in node:crypto is deterministic' },
    {
      name: 'node:fs',
      allowImportNames: ['readFileSync', 'existsSync', 'openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'rmSync'],
      message: allowListed,
    },
    { name: 'node:path', allowImportNames: ['dirname'], message: `${allowListed} (resolve and relative read the working directory)` },
    { name: 'node:zlib', allowImportNames: ['crc32'], message: allowListed },
    { name: 'node:buffer', allowImportNames: ['Buffer'], message: allowListed },
    {
      name: 'rxjs',
      importNames: ['asyncScheduler', 'async', 'asapScheduler', 'asap', 'queueScheduler', 'queue', 'animationFrameScheduler', 'animationFrame', 'animationFrames'],
      message: "runs on real timers or frames: schedule on the simulation's scheduler",
    },
  ],
  // Anything else: bare builtins ('crypto', 'os'), every other node: module (node:os,
  // node:process, node:timers, node:perf_hooks, node:worker_threads, node:child_process,
  // node:module's createRequire, node:net …) and every other package.
  patterns: [{ regex: '^(?!\\.\\.?/|node:(?:crypto|fs|path|zlib|buffer)$|(?:rxjs|seedrandom|msgpackr)$)', message: allowListed }],
};

const globalsRule = (globals) => ['error', { globals, checkGlobalObject: true, globalObjects: ['global'] }];

const determinism = {
  files: DETERMINISTIC_FILES,
  rules: {
    'no-restricted-globals': globalsRule(restrictedGlobals),
    'no-restricted-properties': ['error', ...restrictedProperties],
    'no-restricted-syntax': ['error', ...restrictedSyntax],
    'no-restricted-imports': ['error', restrictedImports],
  },
};

// The one exception: fileTarget skips the directory fsync on Windows, which cannot open a
// directory. process.platform decides how durable the file is, never its bytes, so that
// file may read process.platform, and nothing else of process. It may also stat its own
// partial file, to compare the device and inode (whether the name still leads to the file
// it opened, with another recording to the same path about); never the times.
const fileTargetPlatform = {
  files: ['recorder/targets.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        ...restrictedImports,
        paths: restrictedImports.paths.map((p) => (p.name === 'node:fs' ? { ...p, allowImportNames: [...p.allowImportNames, 'fstatSync', 'statSync'] } : p)),
      },
    ],
    'no-restricted-globals': globalsRule(restrictedGlobals.filter((g) => g.name !== 'process')),
    'no-restricted-syntax': [
      'error',
      ...restrictedSyntax,
      {
        selector: "Identifier[name='process']:not(MemberExpression[computed=false][property.name='platform'] > Identifier.object)",
        message: `${ambient} (only process.platform is allowed here)`,
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/guests/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JS entry points and configs run on Node.
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A guest program that finishes within its first frame is a generator with no yield.
      'require-yield': 'off',
    },
  },
  determinism,
  fileTargetPlatform,
  {
    // The suite must leave the temp directory as it found it: test/helpers/temp-dir.ts
    // makes every directory a test needs and removes it.
    files: ['test/**/*.ts'],
    ignores: ['test/helpers/temp-dir.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['node:fs', 'fs', 'node:fs/promises', 'fs/promises'].map((name) => ({ name, importNames: ['mkdtemp', 'mkdtempSync'], message: 'use tempDir from test/helpers/temp-dir.ts, which removes it' })) },
      ],
    },
  },
);
