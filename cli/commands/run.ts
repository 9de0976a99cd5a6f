import type { Command } from 'commander';
import { formatPolicies } from '../../sim/host/policies.js';
import { formatStrategy } from '../../sim/scheduler/strategy.js';
import { Exit } from '../errors.js';
import { addOutOption, addRunOptions, seedOf, strategyOf, type CommonOptions } from '../options.js';
import { replayCommand, runCommand } from '../recipe.js';
import { outcomeJson, outcomeLine, printJson, us } from '../report.js';
import { checkOutFile } from '../out-path.js';
import { resolveTarget } from '../resolve.js';
import { paint } from '../style.js';
import { recordRun } from '../trace-io.js';

export function runCommandSpec(program: Command, exit: (code: number) => void): void {
  const cmd = program
    .command('run')
    .description('one simulated run of a catalogue scenario, or of a Wasm guest (--wasm)')
    .argument('[scenario]', 'a catalogue scenario (arksim list)');
  addOutOption(addRunOptions(cmd), 'write the trace to FILE').action(async (scenario: string | undefined, o: CommonOptions) => {
    if (o.out !== undefined) checkOutFile(o.out);
    const target = await resolveTarget(scenario, o);
    const seed = seedOf(o);
    const strategy = strategyOf(o, { kind: 'fifo' });
    const options = { seed, strategy, policies: target.policies, budgets: target.budgets };
    const { result, path } = recordRun(target, options, { seed, strategy, mode: 'record', parent: null }, o.out);
    const rerun = runCommand(target, result.seed, strategy, result.policies);
    if (o.json === true) {
      printJson({
        outcome: outcomeJson(result.outcome),
        seed: result.seed,
        target: target.name,
        strategy: formatStrategy(strategy),
        policies: result.policies,
        steps: result.steps,
        decisions: result.decisions,
        frames: result.frames,
        time: result.time,
        events: result.events,
        ...(path === undefined ? {} : { trace: path }),
        rerun,
      });
    } else {
      const w = (s: string): boolean => process.stdout.write(`${s}\n`);
      w(paint('dim', `${target.name}  seed ${result.seed}  ${formatStrategy(strategy)}  ${formatPolicies(result.policies).join(' ')}`));
      w(`${outcomeLine(result.outcome)}  (${result.steps} steps, ${result.decisions} decisions, ${result.frames} frames, ${us(result.time)})`);
      if (path !== undefined) w(`trace:  ${path}`);
      if (result.outcome.kind === 'failure') {
        w(`rerun:  ${rerun}`);
        if (path !== undefined) w(`replay: ${replayCommand(path)}`);
      }
    }
    exit(result.outcome.kind === 'pass' ? Exit.Pass : Exit.Failure);
  });
}
