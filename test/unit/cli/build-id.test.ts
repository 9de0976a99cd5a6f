/** A report's build: the same for the same compiled code, another for any change to it, whatever tests and benchmarks sit beside it. */
import test from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildId, codeHash } from '../../../cli/build-id.js';
import { ARKSIM_VERSION } from '../../../recorder/version.js';
import { tempDir } from '../../helpers/temp-dir.js';

function dist(t: Parameters<typeof tempDir>[1], files: Record<string, string>): string {
  const dir = tempDir('build-id', t);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const code = { 'cli/main.js': 'main', 'scenarios/catalogue/fanout.js': 'fanout', 'sim/run.js': 'run' };

test('the same code gives the same hash; tests, benchmarks and other files do not count', (t) => {
  const a = codeHash(dist(t, code));
  t.is(codeHash(dist(t, { ...code, 'test/unit/x.test.js': 'x', 'bench/main.js': 'b', 'cli/main.js.map': '{}', 'README.md': '#' })), a);
});

test('any change to the code gives another hash: content, name or an added file', (t) => {
  const a = codeHash(dist(t, code));
  t.not(codeHash(dist(t, { ...code, 'scenarios/catalogue/fanout.js': 'fanout2' })), a);
  t.not(codeHash(dist(t, { 'cli/main.js': 'main', 'scenarios/catalogue/fanout2.js': 'fanout', 'sim/run.js': 'run' })), a);
  t.not(codeHash(dist(t, { ...code, 'sim/test/helper.js': 'h' })), a, 'only the top-level test/ is left out');
});

test("this build's id is its version and 12 hex digits, the same each time", (t) => {
  t.regex(buildId(), new RegExp(`^${ARKSIM_VERSION.replace(/\./g, '\\.')}\\+[0-9a-f]{12}$`));
  t.is(buildId(), buildId());
});
