/** A Wasm guest and its modules from files on disk, as a RunTarget. Unreadable or invalid files are bad input. */
import { readFileSync } from 'node:fs';
import type { TargetOverrides } from '../scenarios/target.js';
import type { RunTarget } from '../sim/explore/target.js';
import { DEFAULT_POLICIES } from '../sim/host/policies.js';
import { isWasmLoadError } from '../sim/wasm/load-error.js';
import { wasmTarget } from '../sim/wasm/simulation.js';
import { UsageError } from './errors.js';

function readWasm(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(e)})`}`);
  }
}

export function loadWasmTarget(
  guest: string,
  modules: readonly { readonly name: string; readonly path: string }[],
  overrides: TargetOverrides,
  guestName?: string,
): RunTarget {
  try {
    return wasmTarget({
      guest: { path: guest, bytes: readWasm(guest), ...(guestName === undefined ? {} : { name: guestName }) },
      modules: modules.map((m) => ({ name: m.name, path: m.path, bytes: readWasm(m.path) })),
      policies: overrides.policies(DEFAULT_POLICIES),
      budgets: overrides.frames === undefined ? {} : { frames: overrides.frames },
    });
  } catch (e) {
    if (isWasmLoadError(e)) throw new UsageError(e.message);
    throw e;
  }
}
