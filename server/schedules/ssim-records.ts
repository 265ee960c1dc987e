/**
 * The fixed columns of IATA SSIM Chapter 7 records (200 bytes each), cut into raw text fields.
 * Positions are SSIM's own: 1-based and inclusive, as the manual numbers them. Interpreting the
 * fields (dates, times, variations) is ssim-reader.ts's job.
 */

export const SSIM_RECORD_LENGTH = 200;

/** Columns `first`..`last` (1-based, inclusive) of a record. */
function cols(record: string, first: number, last: number): string {
  return record.slice(first - 1, last);
}

/** Record type 2, Carrier Record. */
export interface CarrierRecord {
  /** Col 2: "U" (times and dates in UTC) or "L" (local). */
  timeMode: string;
  /** Cols 3-5: airline designator, left-justified. */
  airline: string;
  /** Cols 15-21 and 22-28: period of schedule validity, DDMMMYY (to may be 00XXX00). */
  validFrom: string;
  validTo: string;
}

export function carrierRecord(record: string): CarrierRecord {
  return {
    timeMode: cols(record, 2, 2),
    airline: cols(record, 3, 5).trim(),
    validFrom: cols(record, 15, 21),
    validTo: cols(record, 22, 28),
  };
}

/** The flight a record 3 or 4 belongs to: legs of one itinerary variation share it. */
export interface FlightKey {
  /** Col 2: operational suffix. */
  suffix: string;
  /** Cols 3-5: airline designator. */
  airline: string;
  /** Cols 6-9: flight number, right-justified. */
  flightNumber: string;
  /** Cols 10-11 (+ col 128 of record 3 / col 28 of record 4): itinerary variation identifier. */
  itineraryVariation: string;
  /** Cols 12-13: leg sequence number. */
  legSequence: string;
  /** Col 14: service type. */
  serviceType: string;
}

/** Record type 3, Flight Leg Record. */
export interface LegRecord extends FlightKey {
  /** Cols 15-21, 22-28: period of operation, DDMMMYY; "00XXX00" for an open end. */
  periodFrom: string;
  periodTo: string;
  /** Cols 29-35: days of operation, day n at position n or blank. */
  days: string;
  /** Col 36: frequency rate, blank or "1" weekly, "2" fortnightly. */
  frequencyRate: string;
  /** Cols 37-39: departure station. */
  origin: string;
  /** Cols 40-43: scheduled time of passenger departure, HHMM. */
  passengerDeparture: string;
  /** Cols 44-47: scheduled time of aircraft departure, HHMM. */
  aircraftDeparture: string;
  /** Cols 48-52: UTC/local time variation at departure, +HHMM or -HHMM. */
  departureVariation: string;
  /** Cols 53-54: passenger terminal at departure. */
  departureTerminal: string;
  /** Cols 55-57: arrival station. */
  destination: string;
  /** Cols 58-61: scheduled time of aircraft arrival, HHMM. */
  aircraftArrival: string;
  /** Cols 62-65: scheduled time of passenger arrival, HHMM. */
  passengerArrival: string;
  /** Cols 66-70: UTC/local time variation at arrival. */
  arrivalVariation: string;
  /** Cols 71-72: passenger terminal at arrival. */
  arrivalTerminal: string;
  /** Cols 73-75: aircraft type (IATA). */
  aircraftType: string;
  /** Cols 138-140, 141-144, 145, 146: onward flight airline, number, rotation layover, suffix. */
  onwardAirline: string;
  onwardFlightNumber: string;
  rotationLayover: string;
  onwardSuffix: string;
  /** Col 193: date variation of the departure; col 194: of the arrival ("A" = -1, blank). */
  departureDateVariation: string;
  arrivalDateVariation: string;
}

/**
 * Which itinerary a record belongs to: suffix, airline, number and itinerary variation (cols
 * 2-11) and the variation's overflow (col 128 of record 3, col 28 of record 4). Cut straight from
 * the text: most legs of a big file are skipped and should cost next to nothing.
 */
export function legItineraryKey(record: string): string {
  return cols(record, 2, 11) + cols(record, 128, 128);
}

export function segmentItineraryKey(record: string): string {
  return cols(record, 2, 11) + cols(record, 28, 28);
}

/** Cols 3-5 of a record 2, 3 or 4: the airline designator. */
export function recordAirline(record: string): string {
  return cols(record, 3, 5).trim();
}

/** Only the stations, to skip a leg that does not concern this airport without reading more. */
export function legStations(record: string): { origin: string; destination: string } {
  return { origin: cols(record, 37, 39), destination: cols(record, 55, 57) };
}

// Object spread is avoided here: spreading into a literal this wide is hundreds of times slower
// in V8 than writing the fields out, and a season file has tens of thousands of records.
export function legRecord(record: string): LegRecord {
  return {
    suffix: cols(record, 2, 2),
    airline: cols(record, 3, 5).trim(),
    flightNumber: cols(record, 6, 9),
    itineraryVariation: cols(record, 10, 11) + cols(record, 128, 128),
    legSequence: cols(record, 12, 13),
    serviceType: cols(record, 14, 14),
    periodFrom: cols(record, 15, 21),
    periodTo: cols(record, 22, 28),
    days: cols(record, 29, 35),
    frequencyRate: cols(record, 36, 36),
    origin: cols(record, 37, 39),
    passengerDeparture: cols(record, 40, 43),
    aircraftDeparture: cols(record, 44, 47),
    departureVariation: cols(record, 48, 52),
    departureTerminal: cols(record, 53, 54),
    destination: cols(record, 55, 57),
    aircraftArrival: cols(record, 58, 61),
    passengerArrival: cols(record, 62, 65),
    arrivalVariation: cols(record, 66, 70),
    arrivalTerminal: cols(record, 71, 72),
    aircraftType: cols(record, 73, 75),
    onwardAirline: cols(record, 138, 140),
    onwardFlightNumber: cols(record, 141, 144),
    rotationLayover: cols(record, 145, 145),
    onwardSuffix: cols(record, 146, 146),
    departureDateVariation: cols(record, 193, 193),
    arrivalDateVariation: cols(record, 194, 194),
  };
}

/** Record type 4, Segment Data Record. */
export interface SegmentRecord extends FlightKey {
  /** Col 29 and 30: board and off point indicators, "A" = first station of the itinerary. */
  boardPointIndicator: string;
  offPointIndicator: string;
  /** Cols 31-33: data element identifier, e.g. "010". */
  dei: number | null;
  /** Cols 34-36 and 37-39: board and off point. */
  boardPoint: string;
  offPoint: string;
  /** Cols 40-194: the data, trimmed. */
  data: string;
}

export function segmentRecord(record: string): SegmentRecord {
  const dei = cols(record, 31, 33);
  return {
    suffix: cols(record, 2, 2),
    airline: cols(record, 3, 5).trim(),
    flightNumber: cols(record, 6, 9),
    itineraryVariation: cols(record, 10, 11) + cols(record, 28, 28),
    legSequence: cols(record, 12, 13),
    serviceType: cols(record, 14, 14),
    boardPointIndicator: cols(record, 29, 29),
    offPointIndicator: cols(record, 30, 30),
    dei: /^\d{3}$/.test(dei) ? Number(dei) : null,
    boardPoint: cols(record, 34, 36),
    offPoint: cols(record, 37, 39),
    data: cols(record, 40, 194).trim(),
  };
}
