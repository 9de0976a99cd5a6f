/**
 * The determinism lint is tested like code: ESLint's own API, with the project's
 * eslint.config.js, lints each forbidden snippet as if it were a file in sim/,
 * recorder/ and scenarios/, and each must be reported by the rules listed for it;
 * the allowed snippets must lint clean. A weakened rule fails here.
 */
import test from 'ava';
import { ESLint, type Linter } from 'eslint';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowed, forbidden, forbiddenInAnyFile, targetsAllowed, targetsForbidden, type DeterminismRule, type Forbidden } from './determinism-snippets.js';

/** The project root, from dist/test/unit/lint/ where the compiled test runs. */
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') });

const DETERMINISM_RULES: ReadonlySet<string> = new Set<DeterminismRule>([
  'no-restricted-globals',
  'no-restricted-properties',
  'no-restricted-syntax',
  'no-restricted-imports',
]);

/** A file that does not exist, in `dir`: lintText applies the config for its path. */
const probe = (dir: string, ext = 'ts'): string => join(root, dir, `__determinism_probe__.${ext}`);

async function lint(code: string, filePath: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath, warnIgnored: true });
  return result?.messages ?? [];
}

const describe = (messages: readonly Linter.LintMessage[]): string =>
  messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? (m.fatal === true ? 'parse error' : '?')}: ${m.message}`).join('\n');

/** The rules of `expected` that did not report `code`; a parse error counts as every rule missing. */
async function missing(code: string, expected: readonly DeterminismRule[], filePath: string): Promise<{ missing: DeterminismRule[]; messages: Linter.LintMessage[] }> {
  const messages = await lint(code, filePath);
  const reported = new Set(messages.filter((m) => m.fatal !== true).map((m) => m.ruleId));
  return { missing: expected.filter((rule) => !reported.has(rule)), messages };
}

const DIRS = ['sim', 'recorder', 'scenarios'] as const;

test('the probe paths are linted, not ignored', async (t) => {
  for (const dir of DIRS) t.false(await eslint.isPathIgnored(probe(dir)), dir);
});

for (const dir of DIRS) {
  test(`${dir}/: every forbidden snippet is reported by each of its rules`, async (t) => {
    const failures: string[] = [];
    for (const [code, rules] of forbidden) {
      const r = await missing(code, rules, probe(dir));
      if (r.missing.length > 0) failures.push(`${code}\n  not reported by ${r.missing.join(', ')}\n  got: ${describe(r.messages) || 'nothing'}`);
    }
    t.deepEqual(failures, []);
    // A floor under the list as written, so that emptying it by accident does not pass.
    t.true(forbidden.length >= 90, `${forbidden.length} snippets`);
  });

  test(`${dir}/: what arksim does today lints clean`, async (t) => {
    for (const code of allowed) t.is(describe(await lint(code, probe(dir))), '', code);
  });
}

test('every file type ESLint parses in those directories is covered, not only .ts', async (t) => {
  for (const dir of DIRS) {
    for (const ext of ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs']) {
      const r = await missing(forbiddenInAnyFile, ['no-restricted-globals'], probe(dir, ext));
      t.deepEqual(r.missing, [], `${dir}/*.${ext}: ${describe(r.messages)}`);
    }
  }
});

test('the rules are scoped: outside those directories the same snippets draw none of them', async (t) => {
  // cli/ may read the clock (progress bars, file names); this also shows each snippet parses.
  for (const [code] of forbidden) {
    const messages = await lint(code, probe('cli'));
    t.deepEqual(
      messages.filter((m) => m.fatal === true || DETERMINISM_RULES.has(m.ruleId ?? '')),
      [],
      code,
    );
  }
});

test('recorder/targets.ts may read process.platform and stat its own files, and nothing else of process or fs', async (t) => {
  const targets = join(root, 'recorder', 'targets.ts');
  t.is(describe(await lint(targetsAllowed, targets)), '');
  // The file target compares a file's device and inode (is the partial file still its own?).
  const stats = "import { fstatSync, statSync } from 'node:fs'; export { fstatSync, statSync };";
  t.is(describe(await lint(stats, targets)), '');
  const r0 = await missing(stats, ['no-restricted-imports'], probe('recorder'));
  t.deepEqual(r0.missing, [], 'elsewhere in recorder/ stat stays refused (its result carries times)');
  const checks: Forbidden[] = [...targetsForbidden, ...forbidden.filter(([code]) => !code.includes('process') && !code.includes('statSync'))];
  for (const [code, rules] of checks) {
    const r = await missing(code, rules, targets);
    t.deepEqual(r.missing, [], `${code}: ${describe(r.messages)}`);
  }
  // Elsewhere, process.platform is refused like the rest of process.
  const r = await missing(targetsAllowed, ['no-restricted-globals'], probe('recorder'));
  t.deepEqual(r.missing, []);
});
