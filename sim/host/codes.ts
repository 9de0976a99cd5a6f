/** `ErrorCode` and `FunctionSource` with the exact values of ark-api-ffi (ABI.md part 1). */
export const ErrorCode = {
  Success: 0,
  ApiNotAvailable: 2,
  InternalError: 4,
  InvalidArguments: 5,
  NotFound: 6,
  Unavailable: 7,
  HttpRequestFailed: 8,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const FunctionSource = { OwnModule: 0, NamedModule: 1 } as const;
export type FunctionSource = (typeof FunctionSource)[keyof typeof FunctionSource];

const NAMES: Readonly<Record<number, string>> = {
  0: 'Success',
  2: 'ApiNotAvailable',
  4: 'InternalError',
  5: 'InvalidArguments',
  6: 'NotFound',
  7: 'Unavailable',
  8: 'HttpRequestFailed',
};

/** `NotFound (6)`; unknown codes print as `code 42`. */
export function codeName(code: number): string {
  const name = NAMES[code];
  return name === undefined ? `code ${code}` : `${name} (${code})`;
}
