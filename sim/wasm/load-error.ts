/**
 * Why a Wasm file cannot be simulated: it is not valid Wasm, it imports something
 * the simulator does not provide (or with another signature), or it lacks an export
 * its role needs. The message names the file and, where one is to blame, the import.
 */
export interface WasmLoadErrorDetails {
  /** The file (or module name) as the user gave it. */
  readonly file: string;
  readonly importModule?: string;
  readonly importField?: string;
  /** For a signature mismatch: what the ABI declares and what the file has. */
  readonly expected?: string;
  readonly actual?: string;
}

export class WasmLoadError extends Error {
  override readonly name = 'WasmLoadError';
  readonly file: string;
  readonly importModule: string | undefined;
  readonly importField: string | undefined;
  readonly expected: string | undefined;
  readonly actual: string | undefined;

  constructor(message: string, details: WasmLoadErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.file = details.file;
    this.importModule = details.importModule;
    this.importField = details.importField;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

export function isWasmLoadError(e: unknown): e is WasmLoadError {
  return e instanceof WasmLoadError;
}
