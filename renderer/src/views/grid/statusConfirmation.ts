import {
  canCorrectStatus,
  flightDirection,
  type Flight,
  type FlightStatus,
} from '../../../../core';

/**
 * Status changes that are asked about before they are sent (issue 10): no single keystroke may
 * cancel, depart or un-cancel a flight. A cancellation and a correction need a reason.
 */
export type StatusConfirmation =
  | { kind: 'cancel'; to: 'CANCELLED'; needsReason: true }
  | { kind: 'depart'; to: 'DEPARTED'; needsReason: false }
  | { kind: 'reinstate' | 'take-back'; to: FlightStatus; needsReason: true };

export function statusConfirmation(base: Flight, to: FlightStatus): StatusConfirmation | null {
  if (to === base.status) return null;
  if (to === 'CANCELLED') return { kind: 'cancel', to, needsReason: true };
  if (to === 'DEPARTED') return { kind: 'depart', to, needsReason: false };
  if (canCorrectStatus(base.status, to, flightDirection(base))) {
    return {
      kind: base.status === 'CANCELLED' ? 'reinstate' : 'take-back',
      to,
      needsReason: true,
    };
  }
  return null;
}
