/**
 * Reading a trace for viewing: as much as is intact, since a damaged or unfinished
 * (`.partial`) trace is exactly the one someone wants to look at.
 */
import { existsSync, readFileSync } from 'node:fs';
import { partialPath, readTracePrefix, type TracePrefix } from '../../recorder/index.js';
import { UsageError } from '../errors.js';

/** The readable prefix of the trace at `path`. Throws `UsageError` when there is no file to read. */
export function loadTracePrefix(path: string): TracePrefix {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const partial = partialPath(path);
      if (existsSync(partial)) {
        throw new UsageError(`${path}: no such file, but ${partial} exists: the recording did not finish (inspect ${partial})`);
      }
      throw new UsageError(`${path}: no such file`);
    }
    if (code === 'EISDIR') throw new UsageError(`${path}: is a directory, not a trace`);
    if (code !== undefined) throw new UsageError(`${path}: cannot read (${code})`);
    throw e;
  }
  return readTracePrefix(bytes);
}

/** The one line that names a trace's damage: where, why, and how much was readable before it. */
export function damageLine(path: string, prefix: TracePrefix): string | undefined {
  const e = prefix.error;
  if (e === undefined) return undefined;
  const read = prefix.header === undefined ? 'nothing was readable before it' : `${prefix.events.length} events were readable before it`;
  return `${path}: bad trace at byte ${e.offset}: ${e.message.replace(/^trace byte \d+: /, '')}; ${read}`;
}
