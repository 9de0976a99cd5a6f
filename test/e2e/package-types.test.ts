/**
 * A user's TypeScript project type-checks the README's "Writing a scenario" code against
 * the package as installed: its exports carry declarations (`types`), under `strict`,
 * with `skipLibCheck` off, and only the package's runtime dependencies installed. The code is taken from README.md itself, so the README
 * cannot drift from what compiles.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';

/** The ```ts blocks of README.md's "Writing a scenario" section. */
function readmeExample(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Writing a scenario'), readme.indexOf('## Running a Wasm module'));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

test("the README's scenario and test code type-check in a user's strict project against the package's declarations", (t) => {
  const [scenario, suite] = readmeExample();
  if (scenario === undefined || suite === undefined) return t.fail('README.md: expected two ```ts blocks under "Writing a scenario"');
  const project = tempDir('user', t);
  mkdirSync(join(project, 'src'));
  // Installed as a user gets it: the package (its manifest and dist) with only its runtime
  // dependencies beside it, no devDependencies (no @types of ours). preserveSymlinks keeps
  // resolution in this tree rather than following dist back to the repository's node_modules.
  const installed = join(project, 'node_modules', 'arksim');
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(installed, 'package.json'), readFileSync('package.json'));
  symlinkSync(resolve('dist'), join(installed, 'dist'), 'dir');
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of [...Object.keys(manifest.dependencies), 'ava']) {
    mkdirSync(join(project, 'node_modules', dep, '..'), { recursive: true });
    symlinkSync(resolve('node_modules', dep), join(project, 'node_modules', dep), 'dir');
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', type: 'module', private: true }));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [], preserveSymlinks: true },
      include: ['src'],
    }),
  );
  writeFileSync(join(project, 'src', 'doubling.ts'), scenario);
  // The README's second block uses the first block's `doubling`.
  writeFileSync(join(project, 'src', 'doubling.test.ts'), `import { doubling } from './doubling.js';\n${suite}`);
  const tsc = spawnSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', project], { encoding: 'utf8' });
  t.is(tsc.status, 0, tsc.stdout + tsc.stderr);
});
