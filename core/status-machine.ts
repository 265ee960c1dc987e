import type { FlightStatus } from './flight';

/**
 * The departure status machine (contract section 3): statuses move forward along
 * SCHEDULED → BOARDING → FINAL_CALL → GATE_CLOSED → DEPARTED, and CANCELLED is reachable from
 * any status before DEPARTED. Skipping forward (e.g. BOARDING → GATE_CLOSED) is a forward move.
 */
const FORWARD_ORDER: readonly FlightStatus[] = [
  'SCHEDULED',
  'BOARDING',
  'FINAL_CALL',
  'GATE_CLOSED',
  'DEPARTED',
];

export function canMoveStatus(from: FlightStatus, to: FlightStatus): boolean {
  if (from === 'DEPARTED' || from === 'CANCELLED') return false;
  if (to === 'CANCELLED') return true;
  return FORWARD_ORDER.indexOf(to) > FORWARD_ORDER.indexOf(from);
}

/** The statuses a flight may move to next, in display order. */
export function allowedNextStatuses(from: FlightStatus): FlightStatus[] {
  return [...FORWARD_ORDER, 'CANCELLED' as const].filter((to) => canMoveStatus(from, to));
}
