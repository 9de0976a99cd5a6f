/**
 * The section framing of a Wasm module: split a binary into sections, put new
 * ones where the spec's order wants them, and join them back.
 */
import { BinaryReader } from './binary-reader.js';
import { BinaryWriter } from './binary-writer.js';

export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

/** A section as found in (or made for) a module; `payload` excludes id and size. */
export interface Section {
  readonly id: number;
  readonly payload: Uint8Array;
  /** Offset of the payload in the input, for error messages; -1 for a new section. */
  readonly offset: number;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d] as const;
const VERSION_1 = [0x01, 0x00, 0x00, 0x00] as const;

/** Where each known section goes; the tag section sits between memory and global. */
const ORDER: Readonly<Record<number, number>> = {
  [SectionId.type]: 1,
  [SectionId.import]: 2,
  [SectionId.function]: 3,
  [SectionId.table]: 4,
  [SectionId.memory]: 5,
  [SectionId.tag]: 6,
  [SectionId.global]: 7,
  [SectionId.export]: 8,
  [SectionId.start]: 9,
  [SectionId.element]: 10,
  [SectionId.dataCount]: 11,
  [SectionId.code]: 12,
  [SectionId.data]: 13,
};

export function readSections(bytes: Uint8Array): Section[] {
  const reader = new BinaryReader(bytes);
  if (bytes.length < 8) reader.fail('too short to be a Wasm module', 'malformed', 0);
  const header = reader.take(8);
  if (MAGIC.some((b, i) => header[i] !== b)) reader.fail('missing the \\0asm magic number', 'malformed', 0);
  if (VERSION_1.some((b, i) => header[4 + i] !== b)) {
    reader.fail('not a version 1 core module (a component or another version)', 'unsupported', 4);
  }
  const sections: Section[] = [];
  const seen = new Set<number>();
  let lastRank = 0;
  while (!reader.atEnd) {
    const idAt = reader.pos;
    const id = reader.u8();
    const size = reader.u32();
    const offset = reader.pos;
    const payload = reader.take(size);
    if (id !== SectionId.custom) {
      const rank = ORDER[id];
      if (rank === undefined) reader.fail(`unknown section id ${id}`, 'malformed', idAt);
      if (seen.has(id)) reader.fail(`duplicate section id ${id}`, 'malformed', idAt);
      if (rank < lastRank) reader.fail(`section id ${id} out of order`, 'malformed', idAt);
      seen.add(id);
      lastRank = rank;
    }
    sections.push({ id, payload, offset });
  }
  return sections;
}

/** Inserts a new known section after every section that must precede it. */
export function insertSection(sections: Section[], section: Section): void {
  const rank = ORDER[section.id] ?? 0;
  let at = sections.length;
  for (let i = 0; i < sections.length; i++) {
    const other = sections[i] as Section;
    const otherRank = ORDER[other.id];
    if (otherRank !== undefined && otherRank > rank) {
      at = i;
      break;
    }
  }
  sections.splice(at, 0, section);
}

export function writeModule(sections: readonly Section[]): Uint8Array {
  const size = sections.reduce((sum, s) => sum + s.payload.length + 6, 8);
  const writer = new BinaryWriter(size);
  writer.bytes(MAGIC).bytes(VERSION_1);
  for (const section of sections) writer.u8(section.id).sized(section.payload);
  return writer.finish();
}

/** A reader over a section's payload that reports offsets in the whole input. */
export function sectionReader(input: Uint8Array, section: Section): BinaryReader {
  return section.offset >= 0
    ? new BinaryReader(input, section.offset, section.offset + section.payload.length)
    : new BinaryReader(section.payload);
}
