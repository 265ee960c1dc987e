import { delayMinutes, formatLocalTime, type Flight } from '../../../core';

/** How long "Gate change" stays on the board after the gate moved. */
export const GATE_CHANGE_NOTICE_MS = 20 * 60_000;

export type BoardTone = 'normal' | 'go' | 'urgent' | 'done' | 'alert' | 'delay';

export interface BoardRemark {
  text: string;
  tone: BoardTone;
}

/**
 * The remark column of a FIDS board. The flight's state outranks a delay, and a delay outranks
 * a recent gate change (the gate column marks that one too).
 */
export function boardRemark(
  flight: Flight,
  timeZone: string,
  gateChangedAt: number | undefined,
  now: number,
): BoardRemark {
  switch (flight.status) {
    case 'CANCELLED':
      return { text: 'Cancelled', tone: 'alert' };
    case 'DEPARTED':
      return { text: 'Departed', tone: 'done' };
    case 'GATE_CLOSED':
      return { text: 'Gate closed', tone: 'done' };
    case 'FINAL_CALL':
      return { text: 'Final call', tone: 'urgent' };
    case 'BOARDING':
      return { text: 'Boarding', tone: 'go' };
    case 'SCHEDULED':
      break;
  }
  if (delayMinutes(flight) > 0) {
    return { text: `Delayed ${formatLocalTime(flight.etd, timeZone)}`, tone: 'delay' };
  }
  if (gateChangedAt !== undefined && now - gateChangedAt < GATE_CHANGE_NOTICE_MS) {
    return { text: 'Gate change', tone: 'urgent' };
  }
  if (delayMinutes(flight) < 0) {
    return { text: `Early ${formatLocalTime(flight.etd, timeZone)}`, tone: 'normal' };
  }
  return { text: 'On time', tone: 'normal' };
}
