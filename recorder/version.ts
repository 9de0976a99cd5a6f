/** The arksim version written into trace headers: package.json's, read once at load. */
import { readFileSync } from 'node:fs';

// Compiled to dist/recorder/version.js: the package root is two levels up.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const ARKSIM_VERSION: string = pkg.version;
