/**
 * Reads an IATA SSIM Chapter 7 schedule (record types 1-5, 200-byte records) into the legs that
 * leave or reach this airport. What real files contain is handled: filler records of zeros and
 * blank padding, records without line breaks, CRLF, time modes U and L, UTC and date variations
 * (including A = -1 and blanks on overnight legs, inferred and counted), the open end 00XXX00,
 * operational suffixes, multi-leg itineraries (each leg its own record), and segment data
 * (record 4): DEI 10 codeshares, DEI 50 codeshare duplicates, DEI 98/99 terminals.
 *
 * Reading yields to the event loop every few milliseconds (TimeSlicer): the hub keeps answering
 * while a season file is read.
 */
import { parseIsoDate, parseSsimDate } from './calendar-dates';
import {
  formatFlightNumber,
  legConcerns,
  parseFlightNumberList,
  type FlightDesignator,
  type ScheduleLeg,
  type ScheduleReadOptions,
  type ScheduleReadResult,
} from './schedule-leg';
import { reportRepeatedMovements } from './repeated-movements';
import { ScheduleReport } from './schedule-report';
import { ssimLeg, type TimeMode } from './ssim-leg';
import {
  SSIM_RECORD_LENGTH,
  carrierRecord,
  legItineraryKey,
  legRecord,
  legStations,
  recordAirline,
  segmentItineraryKey,
  segmentRecord,
  type SegmentRecord,
} from './ssim-records';
import { TimeSlicer } from './time-slicer';

interface ItineraryLeg {
  legSequence: number;
  origin: string;
  destination: string;
  /** Set when the leg concerns this airport and was read without problems. */
  leg: ScheduleLeg | null;
}

interface Itinerary {
  key: string;
  legs: ItineraryLeg[];
}

/** The records of the text with their line numbers; 200-byte records without breaks too. */
function* records(text: string): Generator<{ line: number; record: string; end: number }> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const unbroken = !body.includes('\n') && body.length > SSIM_RECORD_LENGTH;
  const step = unbroken ? SSIM_RECORD_LENGTH : 0;
  let line = 0;
  for (let start = 0; start < body.length;) {
    const newline = step ? -1 : body.indexOf('\n', start);
    const end = step ? Math.min(start + step, body.length) : newline < 0 ? body.length : newline;
    const raw = body.slice(start, end);
    line += 1;
    yield { line, record: raw.endsWith('\r') ? raw.slice(0, -1) : raw, end };
    start = step ? end : end + 1;
  }
}

/** The itinerary's legs a segment record speaks of (board point .. off point). */
function segmentLegs(itinerary: Itinerary, segment: SegmentRecord): ItineraryLeg[] {
  const board = segment.boardPointIndicator.charCodeAt(0) - 64; // "A" = first station
  const off = segment.offPointIndicator.charCodeAt(0) - 64;
  if (board >= 1 && off > board && off <= 27) {
    return itinerary.legs.filter((l) => l.legSequence >= board && l.legSequence < off);
  }
  return itinerary.legs.filter(
    (l) => l.origin === segment.boardPoint && l.destination === segment.offPoint,
  );
}

function parseDesignator(text: string): FlightDesignator | null {
  const match = /^([A-Z0-9]{2})[ A-Z]?\s*(\d{1,4})([A-Z]?)\b/.exec(text);
  if (!match) return null;
  return {
    airline: match[1] as string,
    flightNumber: match[2] as string,
    suffix: match[3] as string,
  };
}

export async function readSsim(
  text: string,
  options: ScheduleReadOptions,
): Promise<ScheduleReadResult> {
  const airport = options.airport.trim().toUpperCase();
  const report = new ScheduleReport();
  const slicer = new TimeSlicer();
  const duplicates = new Map<ScheduleLeg, FlightDesignator>();
  let timeMode: TimeMode | null = null;
  let itinerary = null as Itinerary | null;

  const applySegment = (line: number, record: string) => {
    // A record 4 belongs to the legs just read; one elsewhere cannot be placed and is left.
    if (!itinerary || itinerary.key !== segmentItineraryKey(record)) return;
    if (!itinerary.legs.some((l) => l.leg)) return; // none of its legs is kept here
    const segment = segmentRecord(record);
    const legs = segmentLegs(itinerary, segment).flatMap((l) => (l.leg ? [l.leg] : []));
    if (legs.length === 0) return;
    if (segment.dei === 10) {
      const codes = parseFlightNumberList(segment.data.replace(/\//g, ' '));
      if (!codes) {
        report.error(
          line,
          `codeshares "${segment.data}" (DEI 10) are not flight numbers like "AI 9123"`,
        );
        return;
      }
      for (const leg of legs) {
        for (const code of codes) if (!leg.codeshares.includes(code)) leg.codeshares.push(code);
      }
    } else if (segment.dei === 50) {
      const operating = parseDesignator(segment.data);
      if (!operating) {
        report.error(line, `operating flight "${segment.data}" (DEI 50) is not like "AI 102"`);
        return;
      }
      for (const leg of legs) duplicates.set(leg, operating);
    } else if (segment.dei === 98 || segment.dei === 99) {
      const terminal = segment.data;
      if (!/^[A-Z0-9]{1,4}$/.test(terminal)) {
        report.error(
          line,
          `terminal "${terminal}" (DEI ${segment.dei}) is not 1-4 letters or digits`,
        );
        return;
      }
      if (segment.dei === 99) (legs[0] as ScheduleLeg).terminals.departure = terminal;
      else (legs[legs.length - 1] as ScheduleLeg).terminals.arrival = terminal;
    }
  };

  for (const { line, record: raw, end } of records(text)) {
    if (slicer.due) {
      options.onProgress?.(end, text.length);
      await slicer.yield();
    }
    if (raw.trim() === '' || raw[0] === '0') continue; // blank padding, filler records
    if (raw.length > SSIM_RECORD_LENGTH && raw.slice(SSIM_RECORD_LENGTH).trim() !== '') {
      report.error(line, `record is ${raw.length} characters long; SSIM records are 200`);
      continue;
    }
    const record = raw.length < SSIM_RECORD_LENGTH ? raw.padEnd(SSIM_RECORD_LENGTH) : raw;
    switch (record[0]) {
      case '1':
      case '5':
        break;
      case '2': {
        const carrier = carrierRecord(record);
        report.noteAirline(carrier.airline);
        if (carrier.timeMode !== 'U' && carrier.timeMode !== 'L') {
          report.error(
            line,
            `time mode "${carrier.timeMode}" (column 2) is neither U (UTC) nor L (local)`,
          );
        }
        timeMode = carrier.timeMode === 'U' ? 'U' : 'L';
        const from = parseSsimDate(carrier.validFrom);
        const to = carrier.validTo === '00XXX00' ? null : parseSsimDate(carrier.validTo);
        if (from !== null && (to !== null || carrier.validTo === '00XXX00')) {
          report.widenPeriod(from, to);
        }
        break;
      }
      case '3': {
        const stations = legStations(record);
        report.noteAirline(recordAirline(record));
        const key = legItineraryKey(record);
        if (itinerary?.key !== key) itinerary = { key, legs: [] };
        const entry: ItineraryLeg = {
          legSequence: Number(record.slice(11, 13)), // cols 12-13
          origin: stations.origin,
          destination: stations.destination,
          leg: null,
        };
        itinerary.legs.push(entry);
        if (!legConcerns(stations, airport)) {
          report.skipped += 1;
          break;
        }
        const leg = legRecord(record);
        if (timeMode === null) {
          report.error(
            line,
            'flight leg before any carrier record (type 2), which gives the time mode',
          );
          break;
        }
        const result = ssimLeg(leg, line, timeMode);
        if (!result.ok) {
          for (const problem of result.problems) report.error(line, problem);
          break;
        }
        entry.leg = result.leg;
        report.legs.push(result.leg);
        if (result.inferredNextDay) report.inferredNextDay += 1;
        report.widenPeriod(
          parseIsoDate(result.leg.from) as number,
          result.leg.to === null ? null : parseIsoDate(result.leg.to),
        );
        break;
      }
      case '4':
        applySegment(line, record);
        break;
      default:
        report.error(line, `not an SSIM record: record type "${record[0]}" (column 1) is not 1-5`);
    }
  }

  mergeCodeshareDuplicates(report, duplicates);
  await reportRepeatedMovements(report.legs, airport, report, slicer);
  options.onProgress?.(text.length, text.length);
  return report.result();
}

/**
 * A DEI 50 leg duplicates another airline's operating leg (a codeshare): no flight of its own,
 * its number joins the operating leg's codeshares when that leg is in the file.
 */
function mergeCodeshareDuplicates(
  report: ScheduleReport,
  duplicates: Map<ScheduleLeg, FlightDesignator>,
): void {
  if (duplicates.size === 0) return;
  const operatingKey = (d: FlightDesignator, origin: string, destination: string) =>
    `${d.airline}|${Number(d.flightNumber)}|${d.suffix}|${origin}|${destination}`;
  const kept = report.legs.filter((leg) => !duplicates.has(leg));
  const byKey = new Map<string, ScheduleLeg[]>();
  for (const leg of kept) {
    const key = operatingKey(leg, leg.origin, leg.destination);
    byKey.set(key, [...(byKey.get(key) ?? []), leg]);
  }
  for (const [duplicate, operating] of duplicates) {
    const code = formatFlightNumber(duplicate);
    for (const leg of byKey.get(operatingKey(operating, duplicate.origin, duplicate.destination)) ??
      []) {
      if (!leg.codeshares.includes(code)) leg.codeshares.push(code);
    }
  }
  report.codeshareLegs += report.legs.length - kept.length;
  report.legs.splice(0, report.legs.length, ...kept);
}
