import { crc32 } from 'node:zlib';

/**
 * Every record the hub appends (a change log line, a journal record) carries a CRC-32 of its own
 * JSON text as its last key: `{...,"crc":"1a2b3c4d"}`. A byte changed inside otherwise valid JSON
 * (a gate in a change, `by` in the log) no longer matches, so damage is found instead of being
 * served as truth. The checksum is over the exact bytes written, so verifying needs no parse.
 */
const CRC_KEY = ',"crc":"';
const CRC_SUFFIX_LENGTH = CRC_KEY.length + 8 + 2; // ,"crc":"xxxxxxxx"}

/** The JSON text of `value` (an object) with its checksum appended, without a newline. */
export function sealJsonLine(value: object): string {
  const text = JSON.stringify(value);
  if (text === '{}') throw new Error('sealJsonLine: an empty object cannot be sealed');
  return `${text.slice(0, -1)}${CRC_KEY}${hex(crc32(text))}"}`;
}

/** Hands the event loop back between parts of a long job (server/schedules/time-slicer.ts). */
export interface Slicer {
  /** True when the current slice's budget is spent. */
  readonly due: boolean;
  yield(): Promise<void>;
}

/**
 * `sealJsonLine`, the same line as UTF-8 bytes, with the event loop handed back between the
 * elements of the object's array fields whenever `slicer` says so: a coalescing window's line
 * holds 1,200 records (800 KB to 1.5 MB of JSON), too long to encode in one turn while agents
 * wait for acks. Bytes, not text: the appender then writes them as they are, where a string
 * that size would be measured, copied and encoded again in one turn.
 */
export async function sealJsonLineInSlices(value: object, slicer: Slicer): Promise<Buffer> {
  // Each part is encoded once, and the checksum taken part by part as the line grows (crc32
  // continues from a value), so no step at the end walks the whole line again but one copy.
  const parts: Buffer[] = [];
  let crc = 0;
  let started = false;
  const add = (text: string) => {
    const part = Buffer.from(text, 'utf8');
    parts.push(part);
    crc = crc32(part, crc);
    started = true;
  };
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
    add(`${started ? ',' : '{'}${JSON.stringify(key)}:`);
    if (!Array.isArray(field)) {
      add(JSON.stringify(field));
      continue;
    }
    add('[');
    for (let index = 0; index < field.length; index += 1) {
      if (slicer.due) await slicer.yield();
      const item: unknown = field[index];
      add(`${index === 0 ? '' : ','}${JSON.stringify(item) ?? 'null'}`);
    }
    add(']');
  }
  if (!started) throw new Error('sealJsonLine: an empty object cannot be sealed');
  // The text sealed ends with `}`; the line puts the checksum before it.
  parts.push(Buffer.from(`${CRC_KEY}${hex(crc32('}', crc))}"}`, 'utf8'));
  return Buffer.concat(parts);
}

export type LineCheck =
  { ok: true; text: string; sealed: boolean } | { ok: false; problem: string };

/**
 * Checks a sealed line (without its newline) and gives back the JSON text it sealed. A line with
 * no checksum at all is returned as `sealed: false` (lines written before checksums existed); the
 * caller decides whether that is acceptable where it stands.
 */
export function checkJsonLine(line: string): LineCheck {
  const at = line.length - CRC_SUFFIX_LENGTH;
  if (at <= 0 || line.slice(at, at + CRC_KEY.length) !== CRC_KEY || !line.endsWith('"}')) {
    return line.includes('"crc":')
      ? { ok: false, problem: 'its checksum is not where it belongs' }
      : { ok: true, text: line, sealed: false };
  }
  const stated = line.slice(at + CRC_KEY.length, at + CRC_KEY.length + 8);
  const text = `${line.slice(0, at)}}`;
  const actual = hex(crc32(text));
  if (stated !== actual) {
    return { ok: false, problem: `its checksum ${stated} does not match its content (${actual})` };
  }
  return { ok: true, text, sealed: true };
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
