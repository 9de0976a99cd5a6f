import type { Command } from 'commander';
import { catalogue } from '../../scenarios/index.js';
import { paint } from '../style.js';
import { widest } from '../view/width.js';

export function listCommand(program: Command): void {
  program
    .command('list')
    .description('the scenario catalogue, one line each')
    .option('--json', 'one JSON object: { scenarios: [{ name, description, tags }] }')
    .action((o: { json?: boolean }) => {
      if (o.json === true) {
        const rows = catalogue.map((s) => ({ name: s.name, description: s.description, tags: s.tags ?? [] }));
        process.stdout.write(`${JSON.stringify({ scenarios: rows }, null, 2)}\n`);
        return;
      }
      const width = widest(catalogue.map((s) => s.name));
      for (const s of catalogue) process.stdout.write(`${paint('bold', s.name.padEnd(width))}  ${s.description}\n`);
    });
}
