/**
 * The imports a guest may declare (ABI.md part 1), with their exact Wasm
 * signatures, and the check that rejects anything else before instantiation.
 */
import { WasmLoadError } from './load-error.js';
import { formatSignature, sameSignature, type FunctionSignature, type ImportInfo } from './module-info.js';

export const MODULE_RUN = 'ark-module-run-v0';
export const CORE_V0 = 'ark-core-v0';
export const CORE_V2 = 'ark-core-v2';

const sig = (params: string, results = 'i32'): FunctionSignature => ({
  params: params.split(' ') as FunctionSignature['params'],
  results: [results] as FunctionSignature['results'],
});

/** `module` → `field` → signature. */
export const ABI_IMPORTS: ReadonlyMap<string, ReadonlyMap<string, FunctionSignature>> = new Map([
  [
    MODULE_RUN,
    new Map([
      ['module_run__create_function', sig('i32 i32 i32 i32 i32 i32')],
      ['module_run__remove_function', sig('i64')],
      ['module_run__blocking_launch', sig('i64 i32 i32 i32')],
      ['module_run__launch', sig('i64 i32 i32 i32')],
      ['module_run__is_ready', sig('i64 i32')],
      ['module_run__retrieve', sig('i64 i32 i32')],
    ]),
  ],
  [CORE_V0, new Map([['core__return_slice', sig('i32 i32 i32')]])],
  [CORE_V2, new Map([['core__register_panic', sig('i32 i32 i32 i32 i32 i32')]])],
]);

/** Throws WasmLoadError for the first import the simulator does not provide exactly. */
export function checkImports(file: string, imports: readonly ImportInfo[]): void {
  for (const i of imports) {
    const name = `${i.module}.${i.field}`;
    const expected = ABI_IMPORTS.get(i.module)?.get(i.field);
    if (expected === undefined) {
      const known = [...(ABI_IMPORTS.get(i.module)?.keys() ?? [])];
      const hint = known.length > 0 ? ` (${i.module} provides ${known.join(', ')})` : '';
      throw new WasmLoadError(`${file}: imports ${i.kind} ${name}, which the simulator does not provide${hint}`, {
        file,
        importModule: i.module,
        importField: i.field,
      });
    }
    if (i.kind !== 'function' || i.signature === undefined) {
      throw new WasmLoadError(`${file}: imports ${name} as a ${i.kind}; the ABI declares a function ${formatSignature(expected)}`, {
        file,
        importModule: i.module,
        importField: i.field,
        expected: formatSignature(expected),
        actual: i.kind,
      });
    }
    if (!sameSignature(i.signature, expected)) {
      const actual = formatSignature(i.signature);
      throw new WasmLoadError(
        `${file}: import ${name} has signature ${actual}, expected ${formatSignature(expected)}`,
        { file, importModule: i.module, importField: i.field, expected: formatSignature(expected), actual },
      );
    }
  }
}
