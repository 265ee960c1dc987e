/** Reading OpenFlights .dat files: comma-separated, optionally quoted, `\N` for a missing value. */
import { readFileSync } from 'node:fs';

export type Row = Array<string | null>;

/** One CSV line: quoted fields with "" escapes, `\N` as null. */
export function parseCsvLine(line: string): Row {
  const fields: Row = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i += 1;
      while (i < line.length) {
        const ch = line[i] as string;
        if (ch === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += ch;
        i += 1;
      }
      fields.push(value);
      while (i < line.length && line[i] !== ',') i += 1;
    } else {
      const end = line.indexOf(',', i);
      const raw = end < 0 ? line.slice(i) : line.slice(i, end);
      fields.push(raw === '\\N' ? null : raw);
      i = end < 0 ? line.length : end;
    }
    if (i >= line.length) break;
    i += 1; // the comma
    if (i === line.length) {
      fields.push('');
      break;
    }
  }
  return fields;
}

export function readRows(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(parseCsvLine);
}

/** A field, with empty strings and \N as null. */
export function field(row: Row, index: number): string | null {
  const value = row[index];
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
}
