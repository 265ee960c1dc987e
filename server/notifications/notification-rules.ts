import type { FieldChanges, Flight, FlightStatus, NotificationKind } from '../../core';

/** The one status news passengers are told about; other statuses carry nothing to say. */
export type StatusNotice = 'BOARDING' | 'CANCELLED' | null;

/**
 * What one passenger was last told about their flight (or, for a new passenger, what the flight
 * looked like when they were added to the manifest). Plain data: the hub stores it per
 * (flightId, pnr) and the rules compare the flight's final state with it.
 */
export interface ToldState {
  gate: string | null;
  etd: string;
  status: StatusNotice;
}

/**
 * A per-flight coalescing window that is open: notices for the flight wait until `dueAt`.
 * Plain data, so the hub can persist it and resume the window after a restart.
 */
export interface PendingFlightNotice {
  flightId: string;
  /** The flight before the window's first change: what passengers without a told state knew. */
  before: ToldState;
  firstChangeAt: string;
  lastChangeAt: string;
  dueAt: string;
}

export interface NotifyRules {
  /** Smallest move of the departure time, in minutes, worth telling (JETBRIDGE_NOTIFY_DELAY_MIN). */
  delayThresholdMinutes: number;
}

export interface CoalesceRules {
  /** How long notices wait for further changes (JETBRIDGE_NOTIFY_COALESCE_MS). */
  coalesceMs: number;
  /**
   * The window slides with each change but never stays open longer than this after the first
   * change, so a flight edited every few seconds still gets its passengers told. Default 4×.
   */
  maxWaitMs?: number;
}

/** What one passenger should be told: one message stating the final gate and time. */
export interface PassengerNotice {
  /**
   * The headline, by priority: CANCELLED > REINSTATED > BOARDING > GATE_CHANGE > DELAY >
   * TIME_CHANGE.
   */
  kind: NotificationKind;
  gateChanged: boolean;
  /** Direction of a departure-time move of at least the threshold, or null. */
  timeMove: 'later' | 'earlier' | null;
  gate: string | null;
  etd: string;
  /** What the passenger will have been told once this notice is sent. */
  told: ToldState;
}

export function statusNotice(status: FlightStatus): StatusNotice {
  if (status === 'CANCELLED') return 'CANCELLED';
  if (status === 'BOARDING' || status === 'FINAL_CALL') return 'BOARDING';
  return null;
}

/** What a passenger knows when first added to a flight's manifest: the flight as it is. */
export function baselineToldState(flight: Pick<Flight, 'gate' | 'etd' | 'status'>): ToldState {
  return { gate: flight.gate, etd: flight.etd, status: statusNotice(flight.status) };
}

/** Only changes to what passengers are told about open a coalescing window. */
export function isNotifiableChange(fields: FieldChanges): boolean {
  return fields.gate !== undefined || fields.etd !== undefined || fields.status !== undefined;
}

/**
 * Decides what a passenger should be told, comparing the flight's final state with what they
 * were last told. `null`: nothing — also when a change and its reversal cancel out, and always
 * for a departed flight.
 */
export function decidePassengerNotice(
  flight: Pick<Flight, 'gate' | 'etd' | 'status'>,
  told: ToldState,
  rules: NotifyRules,
): PassengerNotice | null {
  if (flight.status === 'DEPARTED') return null;
  const status = statusNotice(flight.status);
  // After a cancellation only a reinstatement (a supervisor's correction) is news: it states
  // the gate and time as they are now, and corrects what passengers were told.
  if (told.status === 'CANCELLED') {
    if (status === 'CANCELLED') return null;
    return {
      kind: 'REINSTATED',
      gateChanged: flight.gate !== null && flight.gate !== told.gate,
      timeMove: null,
      gate: flight.gate,
      etd: flight.etd,
      told: { gate: flight.gate, etd: flight.etd, status },
    };
  }

  const cancelled = status === 'CANCELLED';
  const boarding = status === 'BOARDING' && told.status !== 'BOARDING';
  const gateChanged = flight.gate !== null && flight.gate !== told.gate;
  const movedMinutes = (Date.parse(flight.etd) - Date.parse(told.etd)) / 60_000;
  const timeMove =
    Math.abs(movedMinutes) >= rules.delayThresholdMinutes
      ? movedMinutes > 0
        ? 'later'
        : 'earlier'
      : null;

  let kind: NotificationKind;
  if (cancelled) kind = 'CANCELLED';
  else if (boarding) kind = 'BOARDING';
  else if (gateChanged) kind = 'GATE_CHANGE';
  else if (timeMove === 'later') kind = 'DELAY';
  else if (timeMove === 'earlier') kind = 'TIME_CHANGE';
  else return null;

  return {
    kind,
    gateChanged,
    timeMove,
    gate: flight.gate,
    etd: flight.etd,
    // Every message states the final gate and time, so afterwards that is what they know.
    told: { gate: flight.gate, etd: flight.etd, status: status ?? told.status },
  };
}

/** Opens a flight's coalescing window at `at`, or slides an open one (up to its max wait). */
export function openOrExtendWindow(
  pending: PendingFlightNotice | undefined,
  flightBefore: Pick<Flight, 'id' | 'gate' | 'etd' | 'status'>,
  at: Date,
  rules: CoalesceRules,
): PendingFlightNotice {
  const maxWaitMs = rules.maxWaitMs ?? rules.coalesceMs * 4;
  const firstChangeAt = pending ? Date.parse(pending.firstChangeAt) : at.getTime();
  const dueAt = Math.min(at.getTime() + rules.coalesceMs, firstChangeAt + maxWaitMs);
  return {
    flightId: flightBefore.id,
    before: pending?.before ?? baselineToldState(flightBefore),
    firstChangeAt: new Date(firstChangeAt).toISOString(),
    lastChangeAt: at.toISOString(),
    dueAt: new Date(Math.max(dueAt, at.getTime())).toISOString(),
  };
}

export function isWindowDue(pending: PendingFlightNotice, now: Date): boolean {
  return Date.parse(pending.dueAt) <= now.getTime();
}

export interface PassengerToldState {
  pnr: string;
  told: ToldState;
}

/**
 * Closes a flight's window: for each passenger, the notice to send (if any). A passenger with no
 * told state (never notified) is compared with the flight as it was before the window opened.
 * The caller stores the records and each `notice.told` as the passenger's new told state.
 */
export function decideFlightNotices<P extends { pnr: string }>(
  flight: Pick<Flight, 'gate' | 'etd' | 'status'>,
  pending: Pick<PendingFlightNotice, 'before'>,
  passengers: readonly P[],
  toldStateOf: (pnr: string) => ToldState | undefined,
  rules: NotifyRules,
): Array<{ passenger: P; notice: PassengerNotice }> {
  const notices: Array<{ passenger: P; notice: PassengerNotice }> = [];
  for (const passenger of passengers) {
    const told = toldStateOf(passenger.pnr) ?? pending.before;
    const notice = decidePassengerNotice(flight, told, rules);
    if (notice) notices.push({ passenger, notice });
  }
  return notices;
}
