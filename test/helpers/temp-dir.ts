/**
 * Temporary directories for tests. The suite must leave /tmp as it found it, so every one
 * is removed: given a test's `t`, when that test ends; made while a test file loads
 * (no `t`), after the file's tests, or at exit if none ran (ava runs no hooks then).
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new, empty `arksim-<name>-XXXXXX` directory under the OS temp directory. */
export function tempDir(name: string, t?: Pick<ExecutionContext, 'teardown'>): string {
  const dir = mkdtempSync(join(tmpdir(), `arksim-${name}-`));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  if (t !== undefined) {
    t.teardown(remove);
    return dir;
  }
  try {
    // Throws once the file's tests have started: inside a test, pass its `t`.
    test.after.always(remove);
  } catch (error) {
    remove();
    throw error;
  }
  process.once('exit', remove);
  return dir;
}
