/** Saved failures never share a file: seeds and names that differ give different file names. */
import test from 'ava';
import { fileNamePart, saveFailure } from '../../../cli/save-failure.js';
import { findScenario } from '../../../scenarios/index.js';
import { scenarioTarget } from '../../../scenarios/target.js';
import { explore } from '../../../sim/explore/explore.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('plain short seeds stay as they are; anything else keeps a readable part and gains a hash', (t) => {
  for (const plain of ['5', '1000000', 'ci#3', 'nightly-2026.11.25']) t.is(fileNamePart(plain), plain);
  const long = 'x'.repeat(60);
  const pairs: [string, string][] = [
    ['a b', 'a_b'],
    ['α', 'β'],
    [`${long}#0`, `${long}#1`],
    [`1${'0'.repeat(64)}`, `1${'0'.repeat(63)}1`],
  ];
  for (const [a, b] of pairs) t.not(fileNamePart(a), fileNamePart(b), `${a} / ${b}`);
  t.regex(fileNamePart('a b'), /^a_b-[0-9a-f]{8}$/);
  t.true(fileNamePart(`${long}#0`).length <= 49);
});

test('the distinct failures of one exploration with a long seed are saved to distinct files', (t) => {
  const target = scenarioTarget(findScenario('poll-before-ready')!);
  const seed = 'x'.repeat(60);
  const report = explore({ ...target, policies: { ...target.policies, faults: 0.2 } }, { seed, runs: 60, strategy: { kind: 'random' }, swarm: true, stopAtFirst: false });
  t.true(report.distinct.length >= 2, `${report.distinct.length} distinct failures`);
  const dir = tempDir('save', t);
  const saved = report.distinct.map((f) => saveFailure({ ...target, policies: { ...target.policies, faults: 0.2 } }, f, dir));
  t.is(new Set(saved.map((s) => s.trace)).size, saved.length);
  t.is(new Set(saved.map((s) => s.original)).size, saved.length);
});
