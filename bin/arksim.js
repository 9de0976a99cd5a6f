#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
// v8-tuning first: it sets a V8 flag that must be in place before any run (see there).
import '../dist/cli/v8-tuning.js';
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
