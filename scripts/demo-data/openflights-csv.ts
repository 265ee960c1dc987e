/**
 * Reading OpenFlights .dat files: comma-separated, optionally quoted, `\N` for a missing value.
 * csv-parse does the CSV; this module only maps OpenFlights' `\N` to null.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export type Row = Array<string | null>;

export function readRows(file: string): Row[] {
  const records = parse(readFileSync(file, 'utf8'), {
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  return records.map((record) => record.map((value) => (value === '\\N' ? null : value)));
}

/** A field, with empty strings and \N as null. */
export function field(row: Row, index: number): string | null {
  const value = row[index];
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
}
