import type { Direction, FlightStatus } from './flight';

/**
 * The status machines (contract sections 3 and 7). Statuses move forward only; skipping forward
 * (BOARDING → GATE_CLOSED) is a forward move.
 *
 * Departures: SCHEDULED → BOARDING → FINAL_CALL → GATE_CLOSED → DEPARTED, and CANCELLED from any
 * status before DEPARTED.
 * Arrivals: SCHEDULED → AIRBORNE → LANDED → ON_BLOCK, DIVERTED from AIRBORNE, and CANCELLED
 * before LANDED.
 */
const DEPARTURE_ORDER: readonly FlightStatus[] = [
  'SCHEDULED',
  'BOARDING',
  'FINAL_CALL',
  'GATE_CLOSED',
  'DEPARTED',
];
const ARRIVAL_ORDER: readonly FlightStatus[] = ['SCHEDULED', 'AIRBORNE', 'LANDED', 'ON_BLOCK'];

export function canMoveStatus(
  from: FlightStatus,
  to: FlightStatus,
  direction: Direction = 'departure',
): boolean {
  if (direction === 'arrival') {
    if (!ARRIVAL_ORDER.includes(from)) return false; // ON_BLOCK is last; DIVERTED, CANCELLED final
    if (to === 'CANCELLED') return from === 'SCHEDULED' || from === 'AIRBORNE';
    if (to === 'DIVERTED') return from === 'AIRBORNE';
    return ARRIVAL_ORDER.indexOf(to) > ARRIVAL_ORDER.indexOf(from);
  }
  if (!DEPARTURE_ORDER.includes(from) || from === 'DEPARTED') return false;
  if (to === 'CANCELLED') return true;
  return DEPARTURE_ORDER.indexOf(to) > DEPARTURE_ORDER.indexOf(from);
}

/** The statuses a flight may move to next, in display order. */
export function allowedNextStatuses(
  from: FlightStatus,
  direction: Direction = 'departure',
): FlightStatus[] {
  const candidates: FlightStatus[] =
    direction === 'arrival'
      ? [...ARRIVAL_ORDER, 'DIVERTED', 'CANCELLED']
      : [...DEPARTURE_ORDER, 'CANCELLED'];
  return candidates.filter((to) => canMoveStatus(from, to, direction));
}

/**
 * A supervisor's correction, the one way a status moves back (issue 10): a cancelled flight is
 * reinstated to a status before departure (or, for an arrival, before landing), and a departure
 * wrongly marked DEPARTED goes back to a status before it. Both need a reason and are audited.
 */
export function canCorrectStatus(
  from: FlightStatus,
  to: FlightStatus,
  direction: Direction = 'departure',
): boolean {
  if (from === to) return false;
  const order = direction === 'arrival' ? ARRIVAL_ORDER : DEPARTURE_ORDER;
  const beforeMovement = order.slice(0, direction === 'arrival' ? 2 : 4);
  if (from === 'CANCELLED') return beforeMovement.includes(to);
  if (from === 'DEPARTED' && direction === 'departure') return beforeMovement.includes(to);
  return false;
}

/** The statuses a supervisor may correct a flight back to, in display order. */
export function correctionStatuses(
  from: FlightStatus,
  direction: Direction = 'departure',
): FlightStatus[] {
  const order = direction === 'arrival' ? ARRIVAL_ORDER : DEPARTURE_ORDER;
  return order.filter((to) => canCorrectStatus(from, to, direction));
}
