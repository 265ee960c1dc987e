import type { PublicFlight } from './public-flight';

/** How long "Gate change" stays on boards after the gate moved (contract section 12). */
export const GATE_CHANGE_NOTICE_MS = 20 * 60_000;
/** Check-in counters open this long before the scheduled departure… */
export const CHECK_IN_OPENS_MIN = 180;
/** …and close this long before it (the common cut-off; airlines may close earlier). */
export const CHECK_IN_CLOSES_MIN = 60;
/** The gate opens (passengers should go there) this long before the estimated departure. */
export const GATE_OPENS_MIN = 45;

export type BoardRemarkCode =
  | 'onTime'
  | 'checkInOpen'
  | 'checkInClosed'
  | 'gateOpen'
  | 'boarding'
  | 'lastCall'
  | 'gateClosed'
  | 'departed'
  | 'gateChange'
  | 'delayed'
  | 'cancelled'
  | 'expected'
  | 'landed'
  | 'arrived'
  | 'baggageBelt'
  | 'diverted';

export type BoardTone = 'normal' | 'go' | 'urgent' | 'done' | 'alert' | 'delay';

/** A remark as data: the board words it in each of its languages. */
export interface BoardRemark {
  code: BoardRemarkCode;
  tone: BoardTone;
  /** The time the remark names ("Departed 01:14", "Expected 14:35"), UTC. */
  time?: string;
  /** The belt of "Baggage belt 5". */
  belt?: string;
}

const MIN = 60_000;

/** Whether the flight's gate moved within the last 20 minutes, by the hub's own record. */
export function recentGateChange(flight: PublicFlight, now: number): boolean {
  const change = flight.gateChange;
  return change !== null && now - Date.parse(change.at) < GATE_CHANGE_NOTICE_MS;
}

/**
 * The remark column of a terminal board (FIDS). A departure's state outranks everything; before
 * boarding, a gate change outranks the gate opening, which outranks a delay (the time column shows
 * the new time anyway), which outranks check-in.
 */
export function boardRemark(flight: PublicFlight, now: number): BoardRemark {
  return flight.direction === 'arrival' ? arrivalRemark(flight) : departureRemark(flight, now);
}

function departureRemark(flight: PublicFlight, now: number): BoardRemark {
  switch (flight.status) {
    case 'CANCELLED':
      return { code: 'cancelled', tone: 'alert' };
    case 'DEPARTED':
      return { code: 'departed', tone: 'done', time: flight.atd ?? flight.etd };
    case 'GATE_CLOSED':
      return { code: 'gateClosed', tone: 'done' };
    case 'FINAL_CALL':
      return { code: 'lastCall', tone: 'urgent' };
    case 'BOARDING':
      return { code: 'boarding', tone: 'go' };
    default:
      break;
  }
  if (recentGateChange(flight, now)) return { code: 'gateChange', tone: 'urgent' };
  const std = Date.parse(flight.std);
  const etd = Date.parse(flight.etd);
  if (flight.gate !== null && now >= etd - GATE_OPENS_MIN * MIN) {
    return { code: 'gateOpen', tone: 'go' };
  }
  if (etd - std >= MIN) return { code: 'delayed', tone: 'delay', time: flight.etd };
  if (now >= std - CHECK_IN_CLOSES_MIN * MIN) return { code: 'checkInClosed', tone: 'normal' };
  if (now >= std - CHECK_IN_OPENS_MIN * MIN) return { code: 'checkInOpen', tone: 'go' };
  return { code: 'onTime', tone: 'normal' };
}

function arrivalRemark(flight: PublicFlight): BoardRemark {
  const scheduled = flight.sta ?? flight.std;
  const expected = flight.eta ?? scheduled;
  switch (flight.status) {
    case 'CANCELLED':
      return { code: 'cancelled', tone: 'alert' };
    case 'DIVERTED':
      return { code: 'diverted', tone: 'alert' };
    case 'ON_BLOCK':
      return flight.belt
        ? { code: 'baggageBelt', tone: 'go', belt: flight.belt }
        : { code: 'arrived', tone: 'done', time: flight.ata ?? expected };
    case 'LANDED':
      return { code: 'landed', tone: 'go', time: flight.ata ?? expected };
    default:
      break;
  }
  const late = Date.parse(expected) - Date.parse(scheduled) >= MIN;
  if (flight.status === 'AIRBORNE' || late || expected !== scheduled) {
    return { code: 'expected', tone: late ? 'delay' : 'normal', time: expected };
  }
  return { code: 'onTime', tone: 'normal' };
}

/** The time a board lists a flight under: its scheduled movement here. */
export function boardScheduledTime(flight: PublicFlight): string {
  return flight.direction === 'arrival' ? (flight.sta ?? flight.std) : flight.std;
}

/** The estimate, when it differs from the schedule (the board shows it under the time). */
export function boardExpectedTime(flight: PublicFlight): string | null {
  if (flight.status === 'CANCELLED') return null;
  const expected = flight.direction === 'arrival' ? flight.eta : flight.etd;
  if (!expected) return null;
  return Date.parse(expected) === Date.parse(boardScheduledTime(flight)) ? null : expected;
}

/** How far ahead a board looks: more would page for minutes before a flight comes round. */
export const BOARD_HORIZON_MS = 4 * 60 * MIN;

/** What a board lists: what is still to come or go, and what has just landed or gone. */
export function isOnTerminalBoard(flight: PublicFlight, now: number): boolean {
  const scheduled = Date.parse(boardScheduledTime(flight));
  const expected = Date.parse(
    (flight.direction === 'arrival' ? flight.eta : flight.etd) ?? boardScheduledTime(flight),
  );
  if (Math.min(scheduled, expected) > now + BOARD_HORIZON_MS) return false;
  switch (flight.status) {
    case 'DEPARTED':
      return Date.parse(flight.atd ?? flight.etd) >= now - 10 * MIN;
    case 'CANCELLED':
    case 'DIVERTED':
      return Math.max(scheduled, expected) >= now - 30 * MIN;
    case 'ON_BLOCK':
      // Passengers wait for their bags: the belt stays up a while.
      return Date.parse(flight.ata ?? flight.eta ?? flight.std) >= now - 45 * MIN;
    default:
      return expected >= now - 2 * 60 * MIN;
  }
}

/** FIDS order: by scheduled time; a delay shows in the row rather than moving it. */
export function byBoardTime(a: PublicFlight, b: PublicFlight): number {
  return (
    Date.parse(boardScheduledTime(a)) - Date.parse(boardScheduledTime(b)) ||
    a.flightNumber.localeCompare(b.flightNumber)
  );
}
