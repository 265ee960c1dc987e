/**
 * One SSIM flight leg record (type 3) to a ScheduleLeg, or the problems that stop it.
 *
 * SSIM gives the period and days of operation for the flight's date (its first leg's departure),
 * times in UTC or local (the carrier record's time mode), UTC variations, and date variations of
 * this leg's departure and arrival relative to the flight's date. ScheduleLeg speaks of this leg
 * alone in local time, so the period and days move by the leg's own local departure date.
 */
import { findAirport } from '../reference/reference-data';
import { formatClock, isoDate, parseSsimDate, shiftWeekdays } from './calendar-dates';
import type { OnwardFlight, ScheduleLeg } from './schedule-leg';
import type { LegRecord } from './ssim-records';

export type TimeMode = 'U' | 'L';

export type SsimLegResult =
  { ok: true; leg: ScheduleLeg; inferredNextDay: boolean } | { ok: false; problems: string[] };

/** Flights last at most this long; a longer one means a wrong date variation. */
const MAX_BLOCK_MINUTES = 30 * 60;

/** HHMM as minutes; "2400" is allowed (end of the day). */
function hhmm(text: string): number | null {
  if (!/^\d{4}$/.test(text)) return null;
  const hours = Number(text.slice(0, 2));
  const minutes = Number(text.slice(2));
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** "+0530" as 330, "-0330" as -210. */
function utcVariation(text: string): number | null {
  const match = /^([+-])(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 14 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Date variation: "0"-"9" days after the flight's date, "A" the day before, blank unknown. */
function dateVariation(text: string): number | null | 'invalid' {
  if (text === ' ' || text === '') return null;
  if (text === 'A') return -1;
  return /^\d$/.test(text) ? Number(text) : 'invalid';
}

function daysOfOperation(text: string): number[] | null {
  const days: number[] = [];
  for (let position = 1; position <= 7; position += 1) {
    const char = text[position - 1] ?? ' ';
    if (char === String(position)) days.push(position);
    else if (char !== ' ') return null;
  }
  return days;
}

function onwardFlight(record: LegRecord, problems: string[]): OnwardFlight | null {
  const airline = record.onwardAirline.trim();
  if (airline === '' && record.onwardFlightNumber.trim() === '') return null;
  const flightNumber = record.onwardFlightNumber.trim();
  if (!/^[A-Z0-9]{2}$/.test(airline) || !/^\d{1,4}$/.test(flightNumber)) {
    problems.push(
      `onward flight "${airline} ${flightNumber}" (columns 138-144) is not an airline and number like "6E 2135"`,
    );
    return null;
  }
  const layover = record.rotationLayover;
  const suffix = record.onwardSuffix.trim();
  if (!/^[ 0-9]$/.test(layover) || !/^[A-Z]?$/.test(suffix)) {
    problems.push(`onward flight layover "${layover}" or suffix "${suffix}" is not valid`);
    return null;
  }
  return { airline, flightNumber, suffix, layoverDays: layover === ' ' ? 0 : Number(layover) };
}

export function ssimLeg(record: LegRecord, line: number, timeMode: TimeMode): SsimLegResult {
  const problems: string[] = [];
  const { airline, origin, destination } = record;
  const flightNumber = record.flightNumber.trim();
  const suffix = record.suffix.trim();
  if (!/^[A-Z0-9]{2}$/.test(airline)) {
    problems.push(`airline designator "${airline}" is not a two-character IATA code`);
  }
  if (!/^\d{1,4}$/.test(flightNumber)) {
    problems.push(`flight number "${flightNumber}" is not 1-4 digits`);
  }
  if (!/^[A-Z]?$/.test(suffix)) problems.push(`operational suffix "${suffix}" is not a letter`);
  const legSequence = /^\d{2}$/.test(record.legSequence) ? Number(record.legSequence) : 0;
  if (legSequence < 1) problems.push(`leg sequence number "${record.legSequence}" is not 01-99`);
  if (!/^[A-Z]$/.test(record.serviceType)) {
    problems.push(`service type "${record.serviceType}" is not a letter`);
  }

  const flightFrom = parseSsimDate(record.periodFrom);
  const flightTo = record.periodTo === '00XXX00' ? null : parseSsimDate(record.periodTo);
  if (flightFrom === null) {
    problems.push(`period of operation starts "${record.periodFrom}", not a date like 27OCT26`);
  }
  if (record.periodTo !== '00XXX00' && flightTo === null) {
    problems.push(
      `period of operation ends "${record.periodTo}", not a date like 27MAR27 or 00XXX00`,
    );
  }
  if (flightFrom !== null && flightTo !== null && flightTo < flightFrom) {
    problems.push(
      `period of operation ends (${record.periodTo}) before it starts (${record.periodFrom})`,
    );
  }
  const days = daysOfOperation(record.days);
  if (days === null) {
    problems.push(
      `days of operation "${record.days}": day n must stand at position n, e.g. "1 3 5 7"`,
    );
  } else if (days.length === 0) problems.push('no days of operation');
  const frequencyRate =
    record.frequencyRate === '2' ? 2 : /^[ 1]$/.test(record.frequencyRate) ? 1 : null;
  if (frequencyRate === null) {
    problems.push(`frequency rate "${record.frequencyRate}" is not blank, 1 or 2`);
  }

  for (const [code, role] of [
    [origin, 'origin'],
    [destination, 'destination'],
  ] as const) {
    if (!/^[A-Z]{3}$/.test(code)) problems.push(`${role} "${code}" is not an IATA airport code`);
    else if (!findAirport(code)) problems.push(`unknown airport "${code}" as ${role}`);
  }

  const departure = hhmm(record.aircraftDeparture.trim() || record.passengerDeparture);
  const arrival = hhmm(record.aircraftArrival.trim() || record.passengerArrival);
  if (departure === null) {
    problems.push(`departure time "${record.aircraftDeparture}" is not a time HHMM`);
  }
  if (arrival === null)
    problems.push(`arrival time "${record.aircraftArrival}" is not a time HHMM`);
  const departureOffset = utcVariation(record.departureVariation);
  const arrivalOffset = utcVariation(record.arrivalVariation);
  if (departureOffset === null) {
    problems.push(`UTC variation at departure "${record.departureVariation}" is not like +0530`);
  }
  if (arrivalOffset === null) {
    problems.push(`UTC variation at arrival "${record.arrivalVariation}" is not like -0330`);
  }
  const departureDays = dateVariation(record.departureDateVariation);
  const arrivalDays = dateVariation(record.arrivalDateVariation);
  if (departureDays === 'invalid' || arrivalDays === 'invalid') {
    problems.push(
      `date variation "${record.departureDateVariation}${record.arrivalDateVariation}" (columns 193-194) is not 0-9, A or blank`,
    );
  }
  const aircraftType = record.aircraftType.trim() || null;
  if (aircraftType !== null && !/^[A-Z0-9]{3}$/.test(aircraftType)) {
    problems.push(`aircraft type "${aircraftType}" is not an IATA type code like 320`);
  }
  const terminals = {
    departure: record.departureTerminal.trim() || null,
    arrival: record.arrivalTerminal.trim() || null,
  };
  for (const terminal of [terminals.departure, terminals.arrival]) {
    if (terminal !== null && !/^[A-Z0-9]{1,2}$/.test(terminal)) {
      problems.push(`passenger terminal "${terminal}" is not letters or digits`);
    }
  }
  const onward = onwardFlight(record, problems);

  if (
    problems.length > 0 ||
    flightFrom === null ||
    days === null ||
    frequencyRate === null ||
    departure === null ||
    arrival === null ||
    departureOffset === null ||
    arrivalOffset === null ||
    departureDays === 'invalid' ||
    arrivalDays === 'invalid'
  ) {
    return { ok: false, problems };
  }

  // Minutes from the flight's date at 00:00, in the file's time reference. A blank arrival date
  // variation starts from the departure's day.
  const departureRef = (departureDays ?? 0) * 1440 + departure;
  let arrivalRef = (arrivalDays ?? departureDays ?? 0) * 1440 + arrival;
  const toUtc = (ref: number, offset: number) => (timeMode === 'U' ? ref : ref - offset);
  let inferredNextDay = false;
  if (
    arrivalDays === null &&
    toUtc(arrivalRef, arrivalOffset) < toUtc(departureRef, departureOffset)
  ) {
    // Real files leave the date variation blank on overnight legs.
    arrivalRef += 1440;
    inferredNextDay = true;
  }
  const block = toUtc(arrivalRef, arrivalOffset) - toUtc(departureRef, departureOffset);
  if (block <= 0 || block > MAX_BLOCK_MINUTES) {
    const what = block <= 0 ? 'is not after' : 'is more than 30 hours after';
    return {
      ok: false,
      problems: [
        `the arrival ${what} the departure: check the times, UTC variations and date variations`,
      ],
    };
  }

  const toLocal = (ref: number, offset: number) => (timeMode === 'U' ? ref + offset : ref);
  const departureLocal = toLocal(departureRef, departureOffset);
  const arrivalLocal = toLocal(arrivalRef, arrivalOffset);
  const legShift = Math.floor(departureLocal / 1440);
  const arrivalShift = Math.floor(arrivalLocal / 1440);
  const leg: ScheduleLeg = {
    line,
    airline,
    flightNumber,
    suffix,
    legSequence,
    serviceType: record.serviceType,
    origin,
    destination,
    departureTime: formatClock(departureLocal - legShift * 1440),
    departureUtcOffset: departureOffset,
    arrivalTime: formatClock(arrivalLocal - arrivalShift * 1440),
    arrivalUtcOffset: arrivalOffset,
    arrivalDayOffset: arrivalShift - legShift,
    from: isoDate(flightFrom + legShift),
    to: flightTo === null ? null : isoDate(flightTo + legShift),
    days: shiftWeekdays(days, legShift),
    frequencyRate,
    aircraftType,
    terminals,
    onward,
    codeshares: [],
  };
  return { ok: true, leg, inferredNextDay };
}
