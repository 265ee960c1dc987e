import type { Flight } from '../../core';
import type { FieldChanges, PlannedField } from '../../core';
import type { PlannedFlight } from '../schedules/flight-instances';
import type { FlightRecord } from '../store/flight-store';

/** Who the rolling window and schedule imports record as the author of their changes. */
export const SCHEDULE_AUTHOR = 'schedule';
export const SYSTEM_AUTHOR = 'system';

/** The flight a schedule creates: planned fields set, on time, no gate yet. */
export function flightFromPlan(plan: PlannedFlight, at: string): Flight {
  return {
    id: plan.id,
    flightNumber: plan.flightNumber,
    airline: plan.airline,
    origin: plan.origin,
    destination: plan.destination,
    std: plan.std,
    etd: plan.std,
    sta: plan.sta,
    eta: plan.sta,
    gate: null,
    status: 'SCHEDULED',
    delayCode: null,
    remark: null,
    version: 1,
    updatedAt: at,
    updatedBy: SCHEDULE_AUTHOR,
    direction: plan.direction,
    terminal: plan.terminal,
    aircraftType: plan.aircraftType,
    codeshares: plan.codeshares,
    source: 'schedule',
    ...(plan.suffix ? { suffix: plan.suffix } : {}),
    ...displayNames(plan),
    ...onwardOf(plan),
  };
}

/** An arrival's onward flight, for turnarounds (core/turnarounds.ts links by it). */
function onwardOf(plan: PlannedFlight): Pick<Flight, 'onward'> {
  const onward = plan.direction === 'arrival' ? plan.onward : null;
  if (!onward) return {};
  return {
    onward: {
      airline: onward.airline,
      number: onward.flightNumber,
      ...(onward.suffix ? { suffix: onward.suffix } : {}),
    },
  };
}

function displayNames(plan: PlannedFlight): Partial<Flight> {
  const names: Partial<Flight> = {};
  for (const key of NAME_FIELDS) {
    const value = plan[key];
    if (value !== undefined) names[key] = value;
  }
  return names;
}

const NAME_FIELDS = [
  'airlineName',
  'originCity',
  'originName',
  'destinationCity',
  'destinationName',
  'originTimeZone',
  'destinationTimeZone',
] as const;

/** Planned fields a schedule keeps, and may change on a later import. */
const SCHEDULED_FIELDS = [
  'std',
  'sta',
  'origin',
  'destination',
  'codeshares',
  ...NAME_FIELDS,
] as const;
/** Also planned, but the feed or an agent may set them: the schedule then leaves them be. */
const SHARED_FIELDS = ['aircraftType', 'terminal'] as const;

/**
 * What an import changes on a live flight: only planned fields (contract section 7), and an
 * estimate that was "on time" moves with its scheduled time (so passengers hear of the move).
 * Null when nothing changes. `aircraftType` and `terminal` are left as they are once the feed or
 * an agent set them.
 */
export function plannedUpdate(
  record: FlightRecord,
  plan: PlannedFlight,
  at: string,
): { flight: Flight; fields: FieldChanges } | null {
  const { flight } = record;
  const next: Flight = { ...flight };
  const fields: FieldChanges = {};
  const set = (field: PlannedField | 'aircraftType' | 'terminal' | 'etd' | 'eta', to: unknown) => {
    const from = (flight as Record<string, unknown>)[field] ?? null;
    if (same(from, to ?? null)) return;
    fields[field] = { from, to: to ?? null };
    (next as Record<string, unknown>)[field] = to ?? null;
  };
  for (const field of SCHEDULED_FIELDS) set(field, planValue(plan, field));
  for (const field of SHARED_FIELDS) {
    const by = record.fieldSources?.[field]?.by;
    if (by === undefined || by === SCHEDULE_AUTHOR) set(field, plan[field]);
  }
  if (fields.std && flight.etd === flight.std) set('etd', plan.std);
  if (fields.sta && (flight.eta ?? null) === (flight.sta ?? null)) set('eta', plan.sta);
  if (Object.keys(fields).length === 0) return null;
  next.version = flight.version + 1;
  next.updatedAt = at;
  next.updatedBy = SCHEDULE_AUTHOR;
  return { flight: next, fields };
}

function planValue(plan: PlannedFlight, field: (typeof SCHEDULED_FIELDS)[number]): unknown {
  return plan[field];
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(a)) {
    return Date.parse(a) === Date.parse(b);
  }
  return a === b;
}
