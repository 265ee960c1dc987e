/**
 * Reads a CSV schedule (contract section 7) into the legs that leave or reach this airport.
 *
 * Columns, by header name in any order (more are allowed and ignored):
 *   airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type
 * std/sta are HH:MM local at origin/destination, sta may end in +1/-1 (or +2); from/to are the
 * first and last local departure dates (YYYY-MM-DD); days are digits 1-7, Monday = 1.
 * Optional: suffix, service_type, departure_terminal, arrival_terminal, onward_airline,
 * onward_flight_number, codeshares ("AI 9123; UK 1234" or space-separated).
 *
 * Local times become UTC through the airports' IANA zones on each date (so a season across a
 * clock change stays right): an airport of a leg that concerns this one must be in the reference
 * data. An sta before the std without "+1" is read as the next day and counted, as in SSIM.
 * csv-parse does the CSV (quotes, BOM, CRLF); the text is fed to it in slices between which the
 * event loop runs.
 */
import { once } from 'node:events';
import { parse, type Parser } from 'csv-parse';
import { findAirport } from '../reference/reference-data';
import { formatClock, parseClock, parseIsoDate } from './calendar-dates';
import { reportRepeatedMovements } from './repeated-movements';
import {
  parseFlightNumberList,
  type OnwardFlight,
  type ScheduleLeg,
  type ScheduleReadOptions,
  type ScheduleReadResult,
} from './schedule-leg';
import { ScheduleReport } from './schedule-report';
import { TimeSlicer } from './time-slicer';
import { zonedInstant } from './zone-offsets';

export const CSV_REQUIRED_COLUMNS = [
  'airline',
  'flight_number',
  'origin',
  'destination',
  'std',
  'sta',
  'from',
  'to',
  'days',
  'aircraft_type',
] as const;

const SLICE_CHARS = 64 * 1024;
const MAX_BLOCK_MINUTES = 30 * 60;

type Row = (column: string) => string;

/** Slices of the text that end at a line break, so no character is ever cut in two. */
async function feed(parser: Parser, text: string, signal: AbortSignal): Promise<void> {
  for (let start = 0; start < text.length && !signal.aborted;) {
    const cut = text.indexOf('\n', start + SLICE_CHARS);
    const end = cut < 0 ? text.length : cut + 1;
    if (!parser.write(text.slice(start, end))) await once(parser, 'drain', { signal });
    start = end;
  }
  parser.end();
}

function csvLeg(row: Row, line: number, report: ScheduleReport): ScheduleLeg | null {
  const problems: string[] = [];
  const airline = row('airline').toUpperCase();
  const origin = row('origin').toUpperCase();
  const destination = row('destination').toUpperCase();
  const number = /^(\d{1,4})([A-Z]?)$/.exec(row('flight_number').toUpperCase());
  const suffix = row('suffix').toUpperCase() || (number?.[2] ?? '');
  if (!/^[A-Z0-9]{2}$/.test(airline)) {
    problems.push(`airline "${row('airline')}" is not a two-character IATA code`);
  }
  if (!number) problems.push(`flight number "${row('flight_number')}" is not 1-4 digits`);
  if (!/^[A-Z]?$/.test(suffix)) problems.push(`suffix "${suffix}" is not a letter`);
  const zones: Record<'origin' | 'destination', string | null> = {
    origin: null,
    destination: null,
  };
  for (const [code, role] of [
    [origin, 'origin'],
    [destination, 'destination'],
  ] as const) {
    const known = /^[A-Z]{3}$/.test(code) ? findAirport(code) : undefined;
    if (!/^[A-Z]{3}$/.test(code)) problems.push(`${role} "${code}" is not an IATA airport code`);
    else if (!known) problems.push(`unknown airport "${code}" as ${role}`);
    zones[role] = known?.timeZone ?? null;
  }
  const departure = parseClock(row('std'));
  if (departure === null) problems.push(`std "${row('std')}" is not a time HH:MM`);
  const sta = /^(\d{1,2}:?\d{2})\s*([+-]\d)?$/.exec(row('sta'));
  const arrival = sta ? parseClock(sta[1] as string) : null;
  const explicitDays = sta?.[2] === undefined ? null : Number(sta[2]);
  if (arrival === null) problems.push(`sta "${row('sta')}" is not a time HH:MM, +1 or -1 allowed`);
  else if (explicitDays !== null && (explicitDays < -1 || explicitDays > 2)) {
    problems.push(`sta "${row('sta')}": the date variation must be -1, +1 or +2`);
  }
  const from = parseIsoDate(row('from'));
  const to = parseIsoDate(row('to'));
  if (from === null) problems.push(`from "${row('from')}" is not a date YYYY-MM-DD`);
  if (to === null) problems.push(`to "${row('to')}" is not a date YYYY-MM-DD`);
  if (from !== null && to !== null && to < from) {
    problems.push(`to (${row('to')}) is before from (${row('from')})`);
  }
  const dayText = row('days').replace(/[\s.]/g, '');
  const days = /^[1-7]+$/.test(dayText) ? [...new Set(dayText)].map(Number).sort() : null;
  if (!days) problems.push(`days "${row('days')}" are not digits 1-7 (Monday = 1)`);
  const aircraftType = row('aircraft_type').toUpperCase() || null;
  if (aircraftType !== null && !/^[A-Z0-9]{3,4}$/.test(aircraftType)) {
    problems.push(`aircraft type "${aircraftType}" is not an IATA or ICAO type code like 320`);
  }
  const serviceType = row('service_type').toUpperCase() || 'J';
  if (!/^[A-Z]$/.test(serviceType)) problems.push(`service type "${serviceType}" is not a letter`);
  const terminals = {
    departure: row('departure_terminal').toUpperCase() || null,
    arrival: row('arrival_terminal').toUpperCase() || null,
  };
  for (const terminal of [terminals.departure, terminals.arrival]) {
    if (terminal !== null && !/^[A-Z0-9]{1,4}$/.test(terminal)) {
      problems.push(`terminal "${terminal}" is not 1-4 letters or digits`);
    }
  }
  let onward: OnwardFlight | null = null;
  const onwardAirline = row('onward_airline').toUpperCase();
  const onwardNumber = row('onward_flight_number').toUpperCase();
  if (onwardAirline || onwardNumber) {
    const onwardMatch = /^(\d{1,4})([A-Z]?)$/.exec(onwardNumber);
    if (!/^[A-Z0-9]{2}$/.test(onwardAirline) || !onwardMatch) {
      problems.push(`onward flight "${onwardAirline} ${onwardNumber}" is not like "6E 2135"`);
    } else {
      const [, digits, onwardSuffix] = onwardMatch as unknown as [string, string, string];
      onward = {
        airline: onwardAirline,
        flightNumber: digits,
        suffix: onwardSuffix,
        layoverDays: 0,
      };
    }
  }
  const codeshares = parseFlightNumberList(row('codeshares'));
  if (!codeshares) {
    problems.push(
      `codeshares "${row('codeshares')}" are not flight numbers like "AI 9123; UK 1234"`,
    );
  }

  if (
    problems.length > 0 ||
    !number ||
    departure === null ||
    arrival === null ||
    from === null ||
    to === null ||
    !days ||
    !codeshares ||
    !zones.origin ||
    !zones.destination
  ) {
    for (const problem of problems) report.error(line, problem);
    return null;
  }

  // Checked on the first date; the offset holds for the season unless a clock change moves
  // the arrival across midnight, which no real timetable relies on.
  const block = (dayOffset: number) =>
    (Date.parse(zonedInstant(zones.destination as string, from + dayOffset, arrival)) -
      Date.parse(zonedInstant(zones.origin as string, from, departure))) /
    60_000;
  let arrivalDayOffset = explicitDays ?? 0;
  if (explicitDays === null && block(0) <= 0) {
    arrivalDayOffset = 1;
    report.inferredNextDay += 1;
  }
  const minutes = block(arrivalDayOffset);
  if (minutes <= 0 || minutes > MAX_BLOCK_MINUTES) {
    const what = minutes <= 0 ? 'is not after' : 'is more than 30 hours after';
    report.error(line, `the arrival ${what} the departure: check std, sta and its +1/-1`);
    return null;
  }
  return {
    line,
    airline,
    flightNumber: number[1] as string,
    suffix,
    legSequence: 1,
    serviceType,
    origin,
    destination,
    departureTime: formatClock(departure),
    departureUtcOffset: null,
    arrivalTime: formatClock(arrival),
    arrivalUtcOffset: null,
    arrivalDayOffset,
    from: row('from'),
    to: row('to'),
    days,
    frequencyRate: 1,
    aircraftType,
    terminals,
    onward,
    codeshares,
  };
}

export async function readCsvSchedule(
  text: string,
  options: ScheduleReadOptions,
): Promise<ScheduleReadResult> {
  const airport = options.airport.trim().toUpperCase();
  const report = new ScheduleReport();
  const slicer = new TimeSlicer();
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  const stopFeeding = new AbortController();
  // A parse error surfaces through the loop below; the feeder only has to stop.
  feed(parser, text, stopFeeding.signal).catch(() => {});
  let columns: Map<string, number> | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; bytes: number };
    }>) {
      // A quoted field may span lines: the row starts where its first line is.
      const line = info.lines - record.reduce((n, field) => n + field.split('\n').length - 1, 0);
      if (slicer.due) {
        options.onProgress?.(Math.min(info.bytes, text.length), text.length);
        await slicer.yield();
      }
      if (!columns) {
        columns = new Map(record.map((name, index) => [name.trim().toLowerCase(), index]));
        const missing = CSV_REQUIRED_COLUMNS.filter((name) => !columns?.has(name));
        if (missing.length > 0) {
          report.error(
            line,
            `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
          );
          break;
        }
        continue;
      }
      const index = columns;
      const row: Row = (column) => {
        const at = index.get(column);
        return at === undefined ? '' : (record[at] ?? '').trim();
      };
      const airline = row('airline').toUpperCase();
      if (/^[A-Z0-9]{2}$/.test(airline)) report.noteAirline(airline);
      const origin = row('origin').toUpperCase();
      const destination = row('destination').toUpperCase();
      if (origin !== airport && destination !== airport) {
        report.skipped += 1;
        continue;
      }
      const leg = csvLeg(row, line, report);
      if (!leg) continue;
      report.legs.push(leg);
      report.widenPeriod(parseIsoDate(leg.from) as number, parseIsoDate(leg.to as string));
    }
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    report.error(lines ?? 1, `the CSV is malformed: ${(error as Error).message}`);
  }
  stopFeeding.abort();
  parser.destroy();
  if (!columns && !report.hasErrors) report.error(1, 'the file is empty: a header line is needed');
  await reportRepeatedMovements(report.legs, airport, report, slicer);
  options.onProgress?.(text.length, text.length);
  return report.result();
}
