/**
 * Writes IATA SSIM Chapter 7 records (200 bytes, columns as the manual numbers them), for the
 * schedule readers' tests and the benchmark's generated season. Fields default to a plain daily
 * leg; tests override the one they are about.
 */

const LENGTH = 200;

/** Puts `value` at columns `first`.. (1-based) of a 200-character record. */
function put(record: string[], first: number, value: string): void {
  for (let i = 0; i < value.length; i += 1) record[first - 1 + i] = value[i] as string;
}

function blank(type: string): string[] {
  const record = Array.from({ length: LENGTH }, () => ' ');
  record[0] = type;
  return record;
}

export function headerRecord(): string {
  const record = blank('1');
  put(record, 2, 'AIRLINE STANDARD SCHEDULE DATA SET');
  return record.join('');
}

export function fillerRecord(): string {
  return '0'.repeat(LENGTH);
}

export interface CarrierFields {
  airline: string;
  timeMode?: 'U' | 'L' | string;
  season?: string;
  validFrom?: string;
  validTo?: string;
}

export function carrierRecord(fields: CarrierFields): string {
  const record = blank('2');
  put(record, 2, fields.timeMode ?? 'L');
  put(record, 3, fields.airline.padEnd(3));
  put(record, 11, fields.season ?? 'W26');
  put(record, 15, fields.validFrom ?? '25OCT26');
  put(record, 22, fields.validTo ?? '27MAR27');
  put(record, 29, '01SEP26'); // creation date
  put(record, 72, 'P'); // schedule status: published
  return record.join('');
}

export interface LegFields {
  airline: string;
  flightNumber: string | number;
  suffix?: string;
  itineraryVariation?: number;
  legSequence?: number;
  serviceType?: string;
  from?: string;
  to?: string;
  days?: string;
  frequencyRate?: string;
  origin: string;
  departure: string;
  departureVariation?: string;
  departureTerminal?: string;
  destination: string;
  arrival: string;
  arrivalVariation?: string;
  arrivalTerminal?: string;
  aircraftType?: string;
  onward?: { airline: string; flightNumber: string | number; layover?: string; suffix?: string };
  /** Columns 193-194, e.g. "01", "0A", "  " (the default: blank). */
  dateVariation?: string;
}

export function legRecord(fields: LegFields): string {
  const record = blank('3');
  put(record, 2, fields.suffix ?? ' ');
  put(record, 3, fields.airline.padEnd(3));
  put(record, 6, String(fields.flightNumber).padStart(4));
  put(record, 10, String(fields.itineraryVariation ?? 1).padStart(2, '0'));
  put(record, 12, String(fields.legSequence ?? 1).padStart(2, '0'));
  put(record, 14, fields.serviceType ?? 'J');
  put(record, 15, fields.from ?? '25OCT26');
  put(record, 22, fields.to ?? '27MAR27');
  put(record, 29, fields.days ?? '1234567');
  put(record, 36, fields.frequencyRate ?? ' ');
  put(record, 37, fields.origin);
  put(record, 40, fields.departure); // passenger STD
  put(record, 44, fields.departure); // aircraft STD
  put(record, 48, fields.departureVariation ?? '+0530');
  put(record, 53, (fields.departureTerminal ?? '').padEnd(2));
  put(record, 55, fields.destination);
  put(record, 58, fields.arrival); // aircraft STA
  put(record, 62, fields.arrival); // passenger STA
  put(record, 66, fields.arrivalVariation ?? '+0530');
  put(record, 71, (fields.arrivalTerminal ?? '').padEnd(2));
  put(record, 73, (fields.aircraftType ?? '320').padEnd(3));
  put(record, 76, 'Y'); // passenger reservations booking designator
  if (fields.onward) {
    put(record, 138, fields.onward.airline.padEnd(3));
    put(record, 141, String(fields.onward.flightNumber).padStart(4));
    put(record, 145, fields.onward.layover ?? ' ');
    put(record, 146, fields.onward.suffix ?? ' ');
  }
  put(record, 173, 'Y180');
  put(record, 193, fields.dateVariation ?? '  ');
  return record.join('');
}

export interface SegmentFields {
  airline: string;
  flightNumber: string | number;
  suffix?: string;
  itineraryVariation?: number;
  legSequence?: number;
  boardPointIndicator?: string;
  offPointIndicator?: string;
  dei: number;
  boardPoint: string;
  offPoint: string;
  data: string;
}

export function segmentRecord(fields: SegmentFields): string {
  const record = blank('4');
  put(record, 2, fields.suffix ?? ' ');
  put(record, 3, fields.airline.padEnd(3));
  put(record, 6, String(fields.flightNumber).padStart(4));
  put(record, 10, String(fields.itineraryVariation ?? 1).padStart(2, '0'));
  put(record, 12, String(fields.legSequence ?? 1).padStart(2, '0'));
  put(record, 14, 'J');
  put(record, 29, fields.boardPointIndicator ?? 'A');
  put(record, 30, fields.offPointIndicator ?? 'B');
  put(record, 31, String(fields.dei).padStart(3, '0'));
  put(record, 34, fields.boardPoint);
  put(record, 37, fields.offPoint);
  put(record, 40, fields.data);
  return record.join('');
}

export function trailerRecord(airline: string): string {
  const record = blank('5');
  put(record, 3, airline.padEnd(3));
  put(record, 194, 'E');
  return record.join('');
}

/**
 * A file: records joined by newlines, with record serial numbers (columns 195-200) counted over
 * the non-filler records, and filler lines up to a multiple of five after header and carrier
 * records, as SSIM's blocking does.
 */
export function ssimFile(lines: string[]): string {
  const out: string[] = [];
  let serial = 0;
  for (const line of lines) {
    if (line.startsWith('0') || line.trim() === '') {
      out.push(line);
      continue;
    }
    serial += 1;
    out.push(line.slice(0, 194) + String(serial).padStart(6, '0'));
    if (line.startsWith('1') || line.startsWith('2')) {
      for (let i = 0; i < 4; i += 1) out.push(fillerRecord());
    }
  }
  return `${out.join('\n')}\n`;
}
