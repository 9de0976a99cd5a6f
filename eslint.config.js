// Lint: TypeScript sources only (dist/ is generated). The determinism rules below are
// the point: sim/, recorder/ and scenarios/ must draw time and randomness from the
// seeded context, never from the process.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ambient = 'reads time or randomness outside the seed; take it from the simulation context';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/guests/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JS entry points and configs run on Node.
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A guest program that finishes within its first frame is a generator with no yield.
      'require-yield': 'off',
    },
  },
  {
    files: ['sim/**/*.ts', 'recorder/**/*.ts', 'scenarios/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: ambient },
        { name: 'setInterval', message: ambient },
        { name: 'setImmediate', message: ambient },
        { name: 'queueMicrotask', message: ambient },
        { name: 'performance', message: ambient },
        { name: 'crypto', message: ambient },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: ambient },
        { object: 'Math', property: 'random', message: ambient },
        { object: 'performance', property: 'now', message: ambient },
        { object: 'process', property: 'hrtime', message: ambient },
        { object: 'crypto', property: 'randomUUID', message: ambient },
        { object: 'crypto', property: 'getRandomValues', message: ambient },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: ambient },
        { selector: "CallExpression[callee.name='Date']", message: ambient },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:timers', message: ambient },
            { name: 'node:timers/promises', message: ambient },
            { name: 'node:perf_hooks', message: ambient },
            { name: 'node:crypto', importNames: ['randomBytes', 'randomUUID', 'randomInt', 'getRandomValues', 'webcrypto'], message: ambient },
            { name: 'crypto', message: 'use node:crypto (createHash only)' },
            { name: 'timers', message: ambient },
            { name: 'perf_hooks', message: ambient },
          ],
        },
      ],
    },
  },
);
