// Tests are compiled by `npm run build` (tsc) and run from dist/, so ava needs no loader.
export default {
  files: ['dist/test/**/*.test.js'],
  timeout: '3m',
  // Several suites spawn child processes and run many seeds; two cores are shared.
  concurrency: 2,
};
