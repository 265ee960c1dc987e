import {
  applyFlightChange,
  delayMinutes,
  describeZodError,
  flightChangesSchema,
  flightDirection,
  movementTimes,
  parseEtdInput,
  type Direction,
  type Flight,
  type FlightChanges,
  type FlightStatus,
} from '../../../../core';
import type { EditField } from '../../stores/uiStore';

/** The fields the panel offers, per direction, in its order. */
export const EDIT_FIELDS: Record<Direction, readonly EditField[]> = {
  departure: ['gate', 'etd', 'delayCode', 'status', 'remark'],
  arrival: ['eta', 'stand', 'belt', 'status', 'remark'],
};

/** The estimate the time field sets: a departure's `etd`, an arrival's `eta`. */
export function timeFieldOf(flight: Flight): 'etd' | 'eta' {
  return flightDirection(flight) === 'arrival' ? 'eta' : 'etd';
}

/** What the agent has typed, as typed. */
export interface EditDraft {
  gate: string;
  /**
   * The new estimate (ETD, or ETA of an arrival): `+25` (from the estimate), `s+25` (from the
   * schedule) or `14:35`; empty: keep it.
   */
  etdInput: string;
  delayCode: string;
  status: FlightStatus;
  remark: string;
  stand: string;
  belt: string;
}

export function draftFromFlight(flight: Flight): EditDraft {
  return {
    gate: flight.gate ?? '',
    etdInput: '',
    delayCode: flight.delayCode ?? '',
    status: flight.status,
    remark: flight.remark ?? '',
    stand: flight.stand ?? '',
    belt: flight.belt ?? '',
  };
}

/**
 * The flight's movement here with departure names (std/etd), which the time input reads: an
 * arrival's STA/ETA. One reader of "+25", "s+25" and "14:35" for both directions.
 */
function asDepartureTimes(flight: Flight): Flight {
  if (flightDirection(flight) === 'departure') return flight;
  const { scheduled, estimated } = movementTimes(flight);
  return { ...flight, std: scheduled, etd: estimated };
}

/** What the agent typed in the time field, read against the flight's own STD/ETD or STA/ETA. */
function parseDraftTime(base: Flight, draft: EditDraft, timeZone: string) {
  return parseEtdInput(draft.etdInput, asDepartureTimes(base), timeZone, flightDirection(base));
}

/** The scheduled movement the new estimate is measured against: STD, or STA of an arrival. */
export function scheduledOf(flight: Flight): string {
  return movementTimes(flight).scheduled;
}

export type EditCheck =
  | { ok: true; changes: FlightChanges; preview: Flight }
  | { ok: false; empty: boolean; message: string; field: EditField | null };

/** What the status change of a send also carries (issue 10): the right to correct, a reason. */
export interface StatusOptions {
  /** The user may reinstate or take back a departure (role permission `correctStatus`). */
  mayCorrectStatus?: boolean;
  /** Why: asked for a cancellation or a correction, kept in the flight's history. */
  statusReason?: string;
}

const FIELD_PREFIXES: Record<string, EditField> = {
  gate: 'gate',
  etd: 'etd',
  status: 'status',
  statusReason: 'status',
  delayCode: 'delayCode',
  remark: 'remark',
  eta: 'eta',
  stand: 'stand',
  belt: 'belt',
};

function fieldOf(message: string): EditField | null {
  return FIELD_PREFIXES[message.split(':')[0] ?? ''] ?? null;
}

/**
 * Turns the draft into the `changes` of a `flight:update`, checked with the same core rules the
 * hub applies (schema, status machine, delay code), for instant feedback. The hub still decides.
 */
export function checkDraft(
  base: Flight,
  draft: EditDraft,
  timeZone: string,
  username: string,
  options: StatusOptions = {},
): EditCheck {
  const raw: Record<string, unknown> = {};
  const offered = EDIT_FIELDS[flightDirection(base)];
  for (const field of ['gate', 'stand', 'belt'] as const) {
    const code = draft[field].trim().toUpperCase();
    if (offered.includes(field) && code !== (base[field] ?? '')) raw[field] = code || null;
  }
  if (draft.etdInput.trim() !== '') {
    const timeField = timeFieldOf(base);
    const parsed = parseDraftTime(base, draft, timeZone);
    if (!parsed.ok) return { ok: false, empty: false, message: parsed.message, field: timeField };
    if (Date.parse(parsed.etd) !== Date.parse(asDepartureTimes(base).etd)) {
      raw[timeField] = parsed.etd;
    }
  }
  if (offered.includes('delayCode') && draft.delayCode !== (base.delayCode ?? '')) {
    raw.delayCode = draft.delayCode || null;
  }
  if (draft.status !== base.status) raw.status = draft.status;
  if (draft.remark.trim() !== (base.remark ?? '')) raw.remark = draft.remark;
  if (raw.status && options.statusReason?.trim()) raw.statusReason = options.statusReason;
  if (Object.keys(raw).length === 0) {
    return { ok: false, empty: true, message: 'Nothing to send yet.', field: null };
  }

  const parsed = flightChangesSchema.safeParse(raw);
  if (!parsed.success) {
    const message = describeZodError(parsed.error, 'changes');
    return { ok: false, empty: false, message, field: fieldOf(message) };
  }
  const applied = applyFlightChange(
    base,
    parsed.data,
    { by: username, at: new Date().toISOString() },
    { mayCorrectStatus: options.mayCorrectStatus ?? false },
  );
  if (!applied.ok) {
    return { ok: false, empty: false, message: applied.message, field: fieldOf(applied.message) };
  }
  return { ok: true, changes: parsed.data, preview: applied.flight };
}

/**
 * The estimate the draft would set (ETD, or ETA of an arrival), or null while the time field is
 * empty or unreadable.
 */
export function draftEtd(base: Flight, draft: EditDraft, timeZone: string): string | null {
  if (draft.etdInput.trim() === '') return null;
  const parsed = parseDraftTime(base, draft, timeZone);
  return parsed.ok ? parsed.etd : null;
}

/** Said before sending a time earlier than the current estimate (ETD or ETA); null otherwise. */
export function draftEtdWarning(base: Flight, draft: EditDraft, timeZone: string): string | null {
  if (draft.etdInput.trim() === '') return null;
  const parsed = parseDraftTime(base, draft, timeZone);
  return parsed.ok ? parsed.warning : null;
}

/**
 * A delay code is required when a departure's new time is late and it has none (a late arrival
 * needs none: contract section 7).
 */
export function needsDelayCode(base: Flight, draft: EditDraft, timeZone: string): boolean {
  if (flightDirection(base) === 'arrival') return false;
  const etd = draftEtd(base, draft, timeZone) ?? base.etd;
  return delayMinutes({ std: base.std, etd }) > 0 && draft.delayCode === '';
}
