/**
 * Which arksim build made a report: its version and a hash of its compiled code (every
 * .js file of the package's dist/, by relative path and content, but for the tests and
 * benchmarks a source checkout also compiles there and the npm package leaves out). Two
 * checkouts of one commit, or a checkout and the package built from it, give the same
 * hash; any change to the code gives another. `arksim merge` compares it, since shards
 * made by builds whose scenarios differ ran different runs under the same names.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARKSIM_VERSION } from '../recorder/version.js';

/** dist/, this file being dist/cli/build-id.js. */
const DIST = dirname(dirname(fileURLToPath(import.meta.url)));

/** Top-level folders of dist/ that are not part of the package. */
const NOT_SHIPPED = new Set(['test', 'bench']);

let memo: string | undefined;

/** `VERSION+HASH` of this build, the hash 12 hex digits of a SHA-256 (`codeHash`). */
export function buildId(): string {
  memo ??= `${ARKSIM_VERSION}+${codeHash(DIST).slice(0, 12)}`;
  return memo;
}

/** SHA-256, in hex, of the .js files under `dist` (relative path and content), not counting its test/ and bench/. */
export function codeHash(dist: string): string {
  const hash = createHash('sha256');
  for (const file of codeFiles(dist)) {
    hash.update(relative(dist, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function codeFiles(dist: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, top: boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (top && NOT_SHIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, false);
      else if (entry.name.endsWith('.js')) files.push(path);
    }
  };
  walk(dist, true);
  // Listing order depends on the file system; the hash must not.
  return files.sort();
}
