/**
 * Shape of resources/demo/del-departures.json: a one-day departure schedule template for Delhi,
 * derived from OpenFlights data by scripts/derive-demo-data.ts (ODbL 1.0, see resources/demo).
 */

export interface DemoAirport {
  iata: string;
  icao: string | null;
  name: string;
  city: string;
  country: string;
  /** IANA time zone name, e.g. "Asia/Kolkata". */
  timeZone: string;
}

export interface DemoDeparture {
  /** Airline IATA code + number, e.g. "6E 2134"; unique within the template. */
  flightNumber: string;
  airline: string;
  airlineName: string;
  destination: string;
  destinationCity: string;
  destinationName: string;
  destinationCountry: string;
  /** IANA time zone of the destination airport. */
  destinationTimeZone: string;
  domestic: boolean;
  /** IATA aircraft type code from the OpenFlights route, e.g. "320". */
  aircraftType: string;
  aircraftIcao: string | null;
  aircraftName: string;
  /** Typical seat count for the type (not OpenFlights data), used for passenger counts. */
  seats: number;
  /** Scheduled departure, local time of day at the origin airport, "HH:mm". */
  departureLocal: string;
  terminal: string;
  gate: string;
}

export interface DemoTemplateHeader {
  title: string;
  source: string;
  sourceUrl: string;
  license: string;
  licenseUrl: string;
  snapshotDate: string | null;
  generatedBy: string;
  seed: string;
  notes: string[];
  counts: { departures: number; airlines: number; destinations: number; routes: number };
}

export interface DemoTemplate {
  header: DemoTemplateHeader;
  airport: DemoAirport;
  departures: DemoDeparture[];
}
