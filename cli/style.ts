/** Colour only on a TTY, and never under NO_COLOR (https://no-color.org). */
import { styleText } from 'node:util';

type Colour = 'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold';

export function colourEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  return stream.isTTY === true && (process.env['NO_COLOR'] ?? '') === '';
}

export function paint(colour: Colour, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return colourEnabled(stream) ? styleText(colour, text) : text;
}
