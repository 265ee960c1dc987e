import {
  applyFlightChange,
  delayMinutes,
  describeZodError,
  flightChangesSchema,
  parseEtdInput,
  type Flight,
  type FlightChanges,
  type FlightStatus,
} from '../../../../core';
import type { EditField } from '../../stores/uiStore';

/** What the agent has typed, as typed. */
export interface EditDraft {
  gate: string;
  /** `+25` (from the estimate), `s+25` (from the schedule) or `14:35`; empty: keep the time. */
  etdInput: string;
  delayCode: string;
  status: FlightStatus;
  remark: string;
}

export function draftFromFlight(flight: Flight): EditDraft {
  return {
    gate: flight.gate ?? '',
    etdInput: '',
    delayCode: flight.delayCode ?? '',
    status: flight.status,
    remark: flight.remark ?? '',
  };
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
  const gate = draft.gate.trim().toUpperCase();
  if (gate !== (base.gate ?? '')) raw.gate = gate === '' ? null : gate;
  if (draft.etdInput.trim() !== '') {
    const parsed = parseEtdInput(draft.etdInput, base, timeZone);
    if (!parsed.ok) return { ok: false, empty: false, message: parsed.message, field: 'etd' };
    if (Date.parse(parsed.etd) !== Date.parse(base.etd)) raw.etd = parsed.etd;
  }
  if (draft.delayCode !== (base.delayCode ?? '')) raw.delayCode = draft.delayCode || null;
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

/** The estimate the draft would set, or null while the time field is empty or unreadable. */
export function draftEtd(base: Flight, draft: EditDraft, timeZone: string): string | null {
  if (draft.etdInput.trim() === '') return null;
  const parsed = parseEtdInput(draft.etdInput, base, timeZone);
  return parsed.ok ? parsed.etd : null;
}

/** Said before sending a time earlier than the current estimate; null otherwise. */
export function draftEtdWarning(base: Flight, draft: EditDraft, timeZone: string): string | null {
  if (draft.etdInput.trim() === '') return null;
  const parsed = parseEtdInput(draft.etdInput, base, timeZone);
  return parsed.ok ? parsed.warning : null;
}

/** A delay code is required when the new time is late and the flight has none. */
export function needsDelayCode(base: Flight, draft: EditDraft, timeZone: string): boolean {
  const etd = draftEtd(base, draft, timeZone) ?? base.etd;
  return delayMinutes({ std: base.std, etd }) > 0 && draft.delayCode === '';
}
