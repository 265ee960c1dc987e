/**
 * One leg of an airline schedule, as both schedule readers (SSIM and CSV) hand it on: a flight
 * designator, two airports, local times, and the dates it operates. Legs are the import's unit;
 * flight-instances.ts turns them into this airport's flights on given dates.
 */

/** A flight without its date: "6E 2134", with SSIM's operational suffix ('' if none). */
export interface FlightDesignator {
  /** IATA airline designator, "6E". */
  airline: string;
  /** Digits as in the file, "2134" (SSIM may pad: "0102"). */
  flightNumber: string;
  /** Operational suffix, one letter, or ''. */
  suffix: string;
}

/** The same aircraft continues as this flight (SSIM record 3, columns 138-146). */
export interface OnwardFlight extends FlightDesignator {
  /**
   * Days between this leg's arrival (local date) and the onward flight's departure: SSIM's
   * aircraft rotation layover, column 145; 0 when blank (and always for CSV).
   */
  layoverDays: number;
}

export interface ScheduleLeg extends FlightDesignator {
  /** 1-based line of the file the leg comes from (SSIM: the record 3; CSV: the row). */
  line: number;
  /** Leg sequence number of a multi-leg flight (SSIM columns 12-13); 1 for CSV. */
  legSequence: number;
  /** IATA service type (SSIM column 14): "J" scheduled passenger, "C" charter, "F" cargo, ... */
  serviceType: string;
  origin: string;
  destination: string;
  /** Scheduled departure, local time at the origin, "HH:MM". */
  departureTime: string;
  /**
   * The origin's offset from UTC in minutes east (+330 for +0530), from SSIM's UTC variation;
   * null for CSV, where the origin's IANA zone gives it on each date (daylight saving time).
   */
  departureUtcOffset: number | null;
  /** Scheduled arrival, local time at the destination, "HH:MM". */
  arrivalTime: string;
  arrivalUtcOffset: number | null;
  /** Local arrival date minus local departure date: -1, 0, +1 or +2 (SSIM date variation). */
  arrivalDayOffset: number;
  /** First local departure date at the origin, "YYYY-MM-DD". */
  from: string;
  /** Last local departure date, or null for SSIM's open end (00XXX00). */
  to: string | null;
  /** Days of the week it departs (local at the origin), Monday = 1, ascending. */
  days: number[];
  /** 1: every week; 2: every other week, counted from `from`. */
  frequencyRate: 1 | 2;
  /** IATA aircraft type code, "320", or null when the file gives none. */
  aircraftType: string | null;
  /** Passenger terminals when the file gives them. */
  terminals: { departure: string | null; arrival: string | null };
  onward: OnwardFlight | null;
  /** Marketing flight numbers of partners, formatted "AI 9123". */
  codeshares: string[];
}

export interface ScheduleLineError {
  line: number;
  message: string;
}

export interface ScheduleReadOptions {
  /** IATA code of this hub's airport: only legs leaving or reaching it are kept. */
  airport: string;
  /**
   * Called now and then while reading, and once at the end: how much of the text is read and its
   * length, in characters (for CSV, bytes read so far: the same for ASCII files).
   */
  onProgress?(done: number, total: number): void;
}

export const MAX_REPORTED_ERRORS = 100;

export interface ScheduleReadResult {
  /** Legs that leave or reach this airport, in file order. */
  legs: ScheduleLeg[];
  /** Legs that neither leave nor reach this airport (not errors). */
  skipped: number;
  /** The first MAX_REPORTED_ERRORS problems, in line order; `errorCount` counts them all. */
  errors: ScheduleLineError[];
  errorCount: number;
  /** Legs whose blank date variation was read as "arrives the next day" (SSIM, or CSV without +1). */
  inferredNextDay: number;
  /**
   * Codeshare duplicates (SSIM DEI 50 legs: another airline operates them): not flights of their
   * own; their numbers join the operating leg's `codeshares` when it is in the file.
   */
  codeshareLegs: number;
  /**
   * The dates the file speaks for (local departure dates): SSIM's schedule validity (record 2)
   * widened to the periods of the legs kept; `to` null when one is open-ended. Null when the
   * file gives no dates at all.
   */
  period: { from: string; to: string | null } | null;
  /** Every airline designator in the file, also those with no leg here, sorted. */
  airlines: string[];
}

/** "6E 2134" (no leading zeros), with the suffix appended: "AI 102A". */
export function formatFlightNumber(designator: FlightDesignator): string {
  const digits = designator.flightNumber.replace(/^0+(?=\d)/, '');
  return `${designator.airline} ${digits}${designator.suffix}`;
}

/** True when the leg leaves or reaches this airport. */
export function legConcerns(leg: Pick<ScheduleLeg, 'origin' | 'destination'>, airport: string) {
  return leg.origin === airport || leg.destination === airport;
}

/** "AI 9123", "AI9123;UK 1234", "AI 9123 UK 1234" as ["AI 9123", "UK 1234"], or null if unreadable. */
export function parseFlightNumberList(text: string): string[] | null {
  const codes: string[] = [];
  const pattern = /([A-Z0-9]{2})\s*(\d{1,4})([A-Z]?)(?=[\s;,/]|$)/gy;
  let rest = text.trim().toUpperCase();
  while (rest !== '') {
    pattern.lastIndex = 0;
    const match = pattern.exec(rest);
    if (!match) return null;
    const [whole, airline, flightNumber, suffix] = match as unknown as [
      string,
      string,
      string,
      string,
    ];
    const code = formatFlightNumber({ airline, flightNumber, suffix });
    if (!codes.includes(code)) codes.push(code);
    rest = rest.slice(whole.length).replace(/^[\s;,/]+/, '');
  }
  return codes;
}
