import type { Flight } from '../../../core';

/**
 * "Go to flight" (issue 10): agents type a flight as they say it — `AI117`, `ai 117`, `AI0117`,
 * or a codeshare's number. A query that reads as a flight number becomes its compact form
 * (`AI117`), and every flight carries the compact forms of its own number and its codeshares for
 * the quick filter to find.
 */
const FLIGHT_NUMBER = /^\s*([A-Z0-9]{2}[A-Z]?)\s*-?\s*0*(\d{1,4})\s*([A-Z]?)\s*$/i;

function compact(flightNumber: string): string | null {
  const match = FLIGHT_NUMBER.exec(flightNumber);
  if (!match || !/[A-Z]/i.test(match[1]!)) return null;
  return `${match[1]}${match[2]}${match[3]}`.toUpperCase();
}

/** The compact flight number a query names, or null for any other text (a city, a gate). */
export function flightNumberQuery(text: string): string | null {
  return compact(text);
}

/** What the quick filter should search for: a flight number compacted, anything else as typed. */
export function normaliseQuickFilter(text: string): string {
  return flightNumberQuery(text) ?? text;
}

/** The flight's own and its codeshares' numbers, as typed and compact, for the quick filter. */
export function flightSearchText(flight: Pick<Flight, 'flightNumber' | 'codeshares'>): string {
  const numbers = [flight.flightNumber, ...(flight.codeshares ?? [])];
  return numbers.flatMap((number) => [number, compact(number) ?? '']).join(' ');
}
