import test from 'ava';
import fc from 'fast-check';
import { BinaryReader } from '../../../sim/wasm/binary-reader.js';
import { BinaryWriter } from '../../../sim/wasm/binary-writer.js';
import {
  FUEL_GLOBAL_EXPORT,
  FuelExhaustedError,
  FuelInstrumentationError,
  fuelImports,
  instrumentFuel,
  remainingFuel,
  setFuel,
  STACK_GLOBAL_EXPORT,
  stackUsed,
} from '../../../sim/wasm/fuel.js';
import { readSections } from '../../../sim/wasm/module-sections.js';
import {
  exportedFunction,
  exportedGlobal,
  exportedMemory,
  instantiate,
  loadGuest,
  wasm,
  type ImportObject,
  type WasmInstance,
} from './wasm-api.js';

const GUESTS = [
  'callee',
  'edge_guest',
  'order_guest',
  'panic_guest',
  'wild',
  'bad_import',
  'bad_sig',
  'loop',
  'loop_callee',
  'indices',
  'indices_ext',
  'simd',
] as const;

/** Records what a guest asks of a stub Ark host. */
interface StubHost {
  readonly calls: string[];
  output: Uint8Array | undefined;
  panic: string | undefined;
}

/**
 * A stub host: create_function hands out handles 1, 2, ...; every other
 * module-run call answers ApiNotAvailable (2); output and panics are recorded.
 */
function arkStubs(host: StubHost, memory: () => { readonly buffer: ArrayBuffer }): ImportObject {
  const bytes = (ptr: number, len: number): Uint8Array => new Uint8Array(memory().buffer).slice(ptr >>> 0, (ptr >>> 0) + (len >>> 0));
  const text = (ptr: number, len: number): string => new TextDecoder().decode(bytes(ptr, len));
  let nextHandle = 1n;
  const notAvailable =
    (name: string) =>
    (...args: unknown[]): number => {
      host.calls.push(`${name}(${args.map(String).join(', ')})`);
      return 2;
    };
  return {
    'ark-module-run-v0': {
      module_run__create_function: (...args: number[]): number => {
        const [fnType, modPtr, modLen, namePtr, nameLen, out] = args as [number, number, number, number, number, number];
        host.calls.push(`create_function(${fnType}, ${text(modPtr, modLen)}, ${text(namePtr, nameLen)})`);
        new DataView(memory().buffer).setBigUint64(out >>> 0, nextHandle++, true);
        return 0;
      },
      module_run__remove_function: notAvailable('remove_function'),
      module_run__launch: notAvailable('launch'),
      module_run__blocking_launch: notAvailable('blocking_launch'),
      module_run__is_ready: notAvailable('is_ready'),
      module_run__retrieve: notAvailable('retrieve'),
    },
    'ark-core-v0': {
      core__return_slice: (ptr: number, _len: number, size: number): number => {
        host.output = bytes(ptr, size);
        return 0;
      },
    },
    'ark-core-v2': {
      core__register_panic: (msgPtr: number, msgLen: number, filePtr: number, fileLen: number, line: number, column: number): number => {
        host.panic = `${text(msgPtr, msgLen)} at ${text(filePtr, fileLen)}:${line}:${column}`;
        return 0;
      },
    },
  };
}

/** Instantiates a guest against the stub host (plus the fuel import, which an uninstrumented module ignores). */
function stubInstance(bytes: Uint8Array): { readonly instance: WasmInstance; readonly host: StubHost } {
  const host: StubHost = { calls: [], output: undefined, panic: undefined };
  // The imports reach the memory through the instance they are given to.
  const created: { instance?: WasmInstance } = {};
  const memory = (): { readonly buffer: ArrayBuffer } => exportedMemory(created.instance as WasmInstance);
  const instance = instantiate(bytes, { ...arkStubs(host, memory), ...fuelImports() });
  created.instance = instance;
  return { instance, host };
}

const metered = (instance: WasmInstance): boolean => FUEL_GLOBAL_EXPORT in instance.exports;

/**
 * Calls a ModuleRunFn the way a host launches it: ark_alloc, copy input, call,
 * ark_free. `fuel` is the budget of the function call itself; `used` is what it spent.
 */
function launchIn(
  instance: WasmInstance,
  host: StubHost,
  fn: string,
  input: Uint8Array,
  fuel = 10_000_000n,
): { code: unknown; output: Uint8Array | undefined; used: bigint | undefined } {
  const call = (name: string, budget: bigint, ...args: number[]): unknown => {
    if (metered(instance)) setFuel(instance, budget);
    return exportedFunction(instance, name)(...args);
  };
  const ptr = call('ark_alloc', 10_000_000n, input.length, 1) as number;
  new Uint8Array(exportedMemory(instance).buffer).set(input, ptr >>> 0);
  host.output = undefined;
  const code = call(fn, fuel, ptr, input.length);
  const used = metered(instance) ? fuel - remainingFuel(instance) : undefined;
  call('ark_free', 10_000_000n, ptr, input.length, 1);
  return { code, output: host.output, used };
}

function freshCallee(instrumented: boolean): { readonly instance: WasmInstance; readonly host: StubHost } {
  const bytes = loadGuest('callee');
  const guest = stubInstance(instrumented ? instrumentFuel(bytes) : bytes);
  if (instrumented) setFuel(guest.instance, 1_000_000n);
  exportedFunction(guest.instance, 'ark_initialize')();
  return guest;
}

// ---- deterministic exhaustion ----

test('a looping applet runs out of fuel after exactly its budget', (t) => {
  const instance = instantiate(instrumentFuel(loadGuest('loop')), fuelImports());
  const iterations = exportedGlobal(instance, 'iterations');
  for (const budget of [0n, 1n, 2n, 10n, 12_345n, 12_345n]) {
    iterations.value = 0;
    setFuel(instance, budget);
    t.throws(() => exportedFunction(instance, 'ark_applet_update')(), { instanceOf: FuelExhaustedError });
    // One unit for the function entry, one per loop turn; the turn that finds no fuel never counts.
    t.is(iterations.value, Math.max(0, Number(budget) - 1), `budget ${budget}`);
    t.is(remainingFuel(instance), -1n);
  }
});

test('an exhausted guest stays exhausted until the host refuels it', (t) => {
  const instance = instantiate(instrumentFuel(loadGuest('loop')), fuelImports());
  setFuel(instance, 5n);
  t.throws(() => exportedFunction(instance, 'ark_applet_update')(), { instanceOf: FuelExhaustedError });
  const iterations = exportedGlobal(instance, 'iterations');
  iterations.value = 0;
  t.throws(() => exportedFunction(instance, 'ark_applet_update')(), { instanceOf: FuelExhaustedError });
  t.is(iterations.value, 0);
});

test('an out-of-fuel checkpoint traps even if the fuel import returns', (t) => {
  const instance = instantiate(instrumentFuel(loadGuest('loop')), { arksim: { fuel_exhausted: () => undefined } });
  setFuel(instance, 3n);
  const error = t.throws(() => exportedFunction(instance, 'ark_applet_update')());
  t.true(error instanceof wasm.RuntimeError, String(error));
});

test('a spinning callee ends with FuelExhaustedError, Rust or WAT', (t) => {
  for (const guest of ['loop_callee', 'callee'] as const) {
    const { instance, host } = stubInstance(instrumentFuel(loadGuest(guest)));
    t.throws(() => launchIn(instance, host, 'spin', new Uint8Array(4), 100_000n), { instanceOf: FuelExhaustedError }, guest);
  }
});

test('fuel use is the same on every run and the budget is exact', (t) => {
  const input = new TextEncoder().encode('the same every time');
  const reversed = input.slice().reverse();
  const launch = (fuel: bigint): ReturnType<typeof launchIn> => {
    const { instance, host } = freshCallee(true);
    return launchIn(instance, host, 'reverse', input, fuel);
  };
  const first = launch(1_000_000n);
  t.deepEqual(first.output, reversed);
  const used = first.used ?? 0n;
  t.true(used > 0n);
  t.is(launch(1_000_000n).used, used);

  // The measured cost is exactly enough; one unit less is not.
  t.deepEqual(launch(used).output, reversed);
  t.is(launch(used).used, used);
  t.throws(() => launch(used - 1n), { instanceOf: FuelExhaustedError });
});

// ---- instrumented guests still work ----

test('every instrumented guest validates and has the fuel global and import', (t) => {
  for (const name of GUESTS) {
    const instrumented = instrumentFuel(loadGuest(name));
    t.true(wasm.validate(instrumented), name);
    const module = new wasm.Module(instrumented);
    t.true(
      wasm.Module.exports(module).some((e) => e.name === FUEL_GLOBAL_EXPORT && e.kind === 'global'),
      `${name} exports ${FUEL_GLOBAL_EXPORT}`,
    );
    t.true(
      wasm.Module.imports(module).some((i) => i.module === 'arksim' && i.name === 'fuel_exhausted' && i.kind === 'function'),
      `${name} imports arksim.fuel_exhausted`,
    );
  }
});

test('instrumentation is deterministic and leaves its input alone', (t) => {
  const input = loadGuest('edge_guest');
  const copy = input.slice();
  const once = instrumentFuel(input);
  t.deepEqual(instrumentFuel(input), once);
  t.deepEqual(input, copy);
});

test('the instrumented callee answers like the original', (t) => {
  const cases: readonly [string, Uint8Array][] = [
    ['echo', new TextEncoder().encode('hello, fuel')],
    ['echo', new Uint8Array(0)],
    ['reverse', new Uint8Array([1, 2, 3, 4, 5])],
    ['len', new Uint8Array(300)],
    ['initialized', new Uint8Array(0)],
    ['fail', new Uint8Array(1)],
  ];
  for (const [fn, input] of cases) {
    const original = freshCallee(false);
    const instrumented = freshCallee(true);
    const expected = launchIn(original.instance, original.host, fn, input);
    const actual = launchIn(instrumented.instance, instrumented.host, fn, input);
    t.deepEqual([actual.code, actual.output], [expected.code, expected.output], `${fn}(${input.length} bytes)`);
    t.true((actual.used ?? 0n) > 0n);
  }
  const { instance, host } = freshCallee(true);
  t.deepEqual(launchIn(instance, host, 'echo', new Uint8Array([7])).output, new Uint8Array([7]));
});

test('SIMD survives instrumentation: every immediate kind, in loops, params, locals and a global initialiser', (t) => {
  const original = stubInstance(loadGuest('simd'));
  const meteredSimd = stubInstance(instrumentFuel(loadGuest('simd')));
  setFuel(meteredSimd.instance, 1_000_000n);
  for (const x of [0, 1, -1, 12345, 0x7fffffff]) {
    t.is(exportedFunction(meteredSimd.instance, 'probe')(x), exportedFunction(original.instance, 'probe')(x), `probe(${x})`);
  }
  for (const length of [0, 5, 16, 33, 100]) {
    const input = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
    const plain = launchIn(original.instance, original.host, 'mix', input);
    const counted = launchIn(meteredSimd.instance, meteredSimd.host, 'mix', input);
    t.deepEqual(counted.output, plain.output, `mix of ${length} bytes`);
    t.is(counted.output?.length, length);
    // One unit on entry and one per pass of the loop: a pass per whole block, and the last that leaves.
    t.is(counted.used, BigInt(Math.floor(length / 16) + 2), `fuel for ${length} bytes`);
  }
});

test('the instrumented callee panics like the original', (t) => {
  for (const instrumented of [false, true]) {
    const { instance, host } = freshCallee(instrumented);
    t.throws(() => launchIn(instance, host, 'panic', new Uint8Array(0)), { instanceOf: wasm.RuntimeError });
    t.regex(host.panic ?? '', /^callee panicked on purpose at rust\/callee\.rs:\d+:\d+$/);
  }
});

test('the instrumented edge guest makes the same calls and fails the same way against a stub host', (t) => {
  const run = (bytes: Uint8Array): StubHost => {
    const { instance, host } = stubInstance(bytes);
    for (let frame = 0; frame < 3 && host.panic === undefined; frame++) {
      if (metered(instance)) setFuel(instance, 10_000_000n);
      try {
        exportedFunction(instance, 'ark_applet_update')();
      } catch (error) {
        if (!(error instanceof wasm.RuntimeError)) throw error;
      }
    }
    return host;
  };
  const original = run(loadGuest('edge_guest'));
  const instrumented = run(instrumentFuel(loadGuest('edge_guest')));
  t.true(original.calls.length > 12);
  t.regex(original.panic ?? '', /launch returned ApiNotAvailable/);
  t.deepEqual(instrumented.calls, original.calls);
  t.is(instrumented.panic, original.panic);
});

test('function indices survive instrumentation: calls, tables, element segments, ref.func, start', (t) => {
  const run = (bytes: Uint8Array): { result: unknown; log: number[]; started: unknown } => {
    const log: number[] = [];
    const env = { log: (v: number) => log.push(v), base: 41, twice: (v: number) => v * 2 };
    const instance = instantiate(bytes, { env, ...fuelImports() });
    if (metered(instance)) setFuel(instance, 1_000_000n);
    const result = exportedFunction(instance, 'run')();
    return { result, log, started: exportedGlobal(instance, 'started').value };
  };
  const original = run(loadGuest('indices'));
  t.is(original.started, 42);
  t.deepEqual(run(instrumentFuel(loadGuest('indices'), { initialFuel: 100n })), original);
});

test('a start function runs on the initial fuel', (t) => {
  const bytes = instrumentFuel(loadGuest('indices'));
  const env = { log: () => undefined, base: 0, twice: (v: number) => v };
  t.throws(() => instantiate(bytes, { env, ...fuelImports() }), { instanceOf: FuelExhaustedError });
  t.notThrows(() => instantiate(instrumentFuel(loadGuest('indices'), { initialFuel: 2n }), { env, ...fuelImports() }));
});

test('tail calls and exception handling survive instrumentation', (t) => {
  const run = (bytes: Uint8Array, fuel: bigint): { result: unknown; log: number[] } => {
    const log: number[] = [];
    const instance = instantiate(bytes, { env: { log: (v: number) => log.push(v) }, ...fuelImports() });
    if (metered(instance)) setFuel(instance, fuel);
    return { result: exportedFunction(instance, 'run')(100), log };
  };
  const original = run(loadGuest('indices_ext'), 0n);
  t.is(original.result, 100 + 100 + 5050);
  t.deepEqual(run(instrumentFuel(loadGuest('indices_ext')), 1_000n), original);
  // 101 tail calls each enter a function: too little fuel stops the recursion.
  t.throws(() => run(instrumentFuel(loadGuest('indices_ext')), 50n), { instanceOf: FuelExhaustedError });
});

// ---- the name section ----

/** A module importing env.imp and defining f, with a name section naming both. */
function namedModule(): Uint8Array {
  const section = (id: number, payload: Uint8Array): Uint8Array => new BinaryWriter().u8(id).sized(payload).finish();
  const names = new BinaryWriter()
    .name('name')
    .u8(1)
    .sized(new BinaryWriter().u32(2).u32(0).name('imp').u32(1).name('f').finish())
    .u8(2)
    .sized(new BinaryWriter().u32(1).u32(1).u32(0).finish())
    .finish();
  return new BinaryWriter()
    .bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])
    .bytes(section(1, new BinaryWriter().u32(1).u8(0x60).u32(0).u32(0).finish()))
    .bytes(section(2, new BinaryWriter().u32(1).name('env').name('imp').u8(0).u32(0).finish()))
    .bytes(section(3, new BinaryWriter().u32(1).u32(0).finish()))
    .bytes(section(7, new BinaryWriter().u32(1).name('f').u8(0).u32(1).finish()))
    .bytes(section(10, new BinaryWriter().u32(1).sized(new BinaryWriter().u32(0).u8(0x10).u32(0).u8(0x0b).finish()).finish()))
    .bytes(section(0, names))
    .finish();
}

function functionNames(bytes: Uint8Array): [number, string][] | undefined {
  for (const section of readSections(bytes)) {
    if (section.id !== 0) continue;
    const reader = new BinaryReader(section.payload);
    if (reader.name() !== 'name') continue;
    while (!reader.atEnd) {
      const id = reader.u8();
      const content = reader.sub(reader.u32());
      if (id !== 1) continue;
      const count = content.u32();
      return Array.from({ length: count }, () => [content.u32(), content.name()] as [number, string]);
    }
  }
  return undefined;
}

test('the name section follows the renumbered functions', (t) => {
  const input = namedModule();
  t.true(wasm.validate(input));
  t.deepEqual(functionNames(input), [
    [0, 'imp'],
    [1, 'f'],
  ]);
  const output = instrumentFuel(input);
  t.true(wasm.validate(output));
  t.deepEqual(functionNames(output), [
    [0, 'imp'],
    [1, 'arksim.fuel_exhausted'],
    [2, 'f'],
  ]);
  t.is(functionNames(instrumentFuel(input, { nameSection: 'drop' })), undefined);
});

// ---- bad input ----

test('garbage input throws FuelInstrumentationError', (t) => {
  const garbage: readonly Uint8Array[] = [
    new Uint8Array(0),
    new TextEncoder().encode('definitely not wasm'),
    new Uint8Array([0x00, 0x61, 0x73, 0x6d]),
    new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0a, 0xff]),
    new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x2a, 0x00]),
    loadGuest('callee').subarray(0, 1000),
  ];
  for (const bytes of garbage) {
    const error = t.throws(() => instrumentFuel(bytes), { instanceOf: FuelInstrumentationError });
    t.is(error?.name, 'FuelInstrumentationError');
    t.is(error?.reason, 'malformed');
  }
});

test('a component, threads or an instrumented module is refused with its reason', (t) => {
  const component = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
  t.is(t.throws(() => instrumentFuel(component), { instanceOf: FuelInstrumentationError })?.reason, 'unsupported');

  // (memory 1) (func (drop (i32.atomic.load (i32.const 0))))
  const threads = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x03, 0x02, 0x01, 0x00,
    0x05, 0x03, 0x01, 0x00, 0x01,
    0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0x00, 0xfe, 0x10, 0x02, 0x00, 0x1a, 0x0b,
  ]);
  t.true(wasm.validate(threads));
  const threadsError = t.throws(() => instrumentFuel(threads), { instanceOf: FuelInstrumentationError });
  t.is(threadsError?.reason, 'unsupported');
  t.regex(threadsError?.message ?? '', /threads/);

  const twice = t.throws(() => instrumentFuel(instrumentFuel(loadGuest('loop'))), { instanceOf: FuelInstrumentationError });
  t.is(twice?.reason, 'already-instrumented');
});

test('an empty module gains just the fuel import and the two globals, fuel and stack', (t) => {
  const output = instrumentFuel(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  t.true(wasm.validate(output));
  const instance = instantiate(output, fuelImports());
  t.is(remainingFuel(instance), 0n);
  t.is(stackUsed(instance), 0);
  t.deepEqual(Object.keys(instance.exports).sort(), [FUEL_GLOBAL_EXPORT, STACK_GLOBAL_EXPORT].sort());
  t.deepEqual(
    wasm.Module.imports(new wasm.Module(output)).map((i) => `${i.module}.${i.name}`),
    ['arksim.fuel_exhausted'],
  );
});

test('any truncation or corruption of a guest is a FuelInstrumentationError or a module that validates', (t) => {
  const sources = [loadGuest('indices'), loadGuest('wild'), loadGuest('loop_callee')];
  const check = (bytes: Uint8Array): boolean => {
    let output: Uint8Array;
    try {
      output = instrumentFuel(bytes);
    } catch (error) {
      if (error instanceof FuelInstrumentationError) return true;
      throw error;
    }
    // What the engine accepts, the rewrite must keep acceptable.
    return !wasm.validate(bytes) || wasm.validate(output);
  };
  for (const source of sources) {
    for (let length = 0; length < source.length; length++) t.true(check(source.subarray(0, length)), `truncated at ${length}`);
  }
  fc.assert(
    fc.property(
      fc.constantFrom(...sources),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      (source, edits) => {
        const bytes = source.slice();
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        return check(bytes);
      },
    ),
    { seed: 20_240_601, numRuns: 2_000 },
  );
});
