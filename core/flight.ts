import { z } from 'zod';

/** Which way a flight moves through this airport (contract section 7); absent means departure. */
export const DIRECTIONS = ['departure', 'arrival'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Departure statuses of the contract, in the order a departure moves through them. */
export const DEPARTURE_STATUSES = [
  'SCHEDULED',
  'BOARDING',
  'FINAL_CALL',
  'GATE_CLOSED',
  'DEPARTED',
  'CANCELLED',
] as const;
/** Arrival statuses (contract section 7), in the order an arrival moves through them. */
export const ARRIVAL_STATUSES = [
  'SCHEDULED',
  'AIRBORNE',
  'LANDED',
  'ON_BLOCK',
  'DIVERTED',
  'CANCELLED',
] as const;
/** Every status a flight can have, departures' first (v1 readers know those). */
export const FLIGHT_STATUSES = [
  'SCHEDULED',
  'BOARDING',
  'FINAL_CALL',
  'GATE_CLOSED',
  'DEPARTED',
  'CANCELLED',
  'AIRBORNE',
  'LANDED',
  'ON_BLOCK',
  'DIVERTED',
] as const;
export type FlightStatus = (typeof FLIGHT_STATUSES)[number];
export type DepartureStatus = (typeof DEPARTURE_STATUSES)[number];
export type ArrivalStatus = (typeof ARRIVAL_STATUSES)[number];
export const flightStatusSchema = z.enum(FLIGHT_STATUSES);

export function statusesFor(direction: Direction): readonly FlightStatus[] {
  return direction === 'arrival' ? ARRIVAL_STATUSES : DEPARTURE_STATUSES;
}

export const REMARK_MAX_LENGTH = 120;

const isoInstant = z.iso.datetime({ offset: true });
const iataAirport = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter IATA airport code');
const optionalInstant = isoInstant.nullable().optional();
const optionalCode = (max: number) => z.string().max(max).nullable().optional();

/** A flight exactly as it travels on the wire (contract sections 5 and 7), plus optional extras. */
export const flightSchema = z.object({
  id: z.string().min(1).max(64),
  flightNumber: z.string().min(2).max(12),
  airline: z.string().regex(/^[A-Z0-9]{2}$/, 'must be a 2-character IATA airline code'),
  origin: iataAirport,
  destination: iataAirport,
  std: isoInstant,
  etd: isoInstant,
  gate: z.string().max(8).nullable(),
  status: flightStatusSchema,
  delayCode: z.string().nullable(),
  remark: z.string().max(REMARK_MAX_LENGTH).nullable(),
  version: z.number().int().nonnegative(),
  updatedAt: isoInstant,
  updatedBy: z.string().nullable(),
  // v2 (section 7), optional for v1 readers.
  direction: z.enum(DIRECTIONS).optional(),
  sta: optionalInstant,
  eta: optionalInstant,
  atd: optionalInstant,
  ata: optionalInstant,
  stand: optionalCode(8),
  belt: optionalCode(4),
  registration: optionalCode(10),
  aircraftType: optionalCode(8),
  terminal: optionalCode(8),
  codeshares: z.array(z.string().min(2).max(12)).max(20).optional(),
  // Extras the contract allows, for display; present on every flight the hub creates.
  airlineName: z.string().optional(),
  originCity: z.string().optional(),
  originName: z.string().optional(),
  destinationCity: z.string().optional(),
  destinationName: z.string().optional(),
  /** IANA time zone of the departure airport. */
  originTimeZone: z.string().optional(),
  /** IANA time zone of the arrival airport. */
  destinationTimeZone: z.string().optional(),
  /** Where the flight came from: the imported schedule, or added by hand or by the feed. */
  source: z.enum(['schedule', 'adhoc']).optional(),
  /** Operational suffix of the flight number (SSIM), part of the flight's identity. */
  suffix: z.string().max(1).optional(),
  passengerCount: z.number().int().nonnegative().optional(),
  /**
   * Extension: why the status was last set by hand — a cancellation's reason, a reinstatement's
   * or a corrected departure's. Kept in the change log like any field, so the audit shows it.
   */
  statusReason: z.string().max(REMARK_MAX_LENGTH).nullable().optional(),
  /**
   * An arrival's onward flight in the schedule (SSIM record 3 columns 138–146, the CSV's
   * onward_airline and onward_flight_number): the departure the same aircraft flies next.
   */
  onward: z
    .object({
      airline: z.string().regex(/^[A-Z0-9]{2}$/),
      number: z.string().regex(/^\d{1,4}$/),
      suffix: z.string().max(1).optional(),
    })
    .optional(),
});
export type Flight = z.infer<typeof flightSchema>;

export const passengerSchema = z.strictObject({
  pnr: z.string().regex(/^[A-Z0-9]{6}$/, 'must be 6 letters or digits'),
  name: z.string().trim().min(1).max(100),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +919876543210')
    .optional(),
  email: z.email().max(254).optional(),
  locale: z
    .string()
    .regex(
      /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/,
      'must be a BCP 47 language tag such as "en" or "hi"',
    )
    .optional(),
});
export type Passenger = z.infer<typeof passengerSchema>;

export const NOTIFICATION_KINDS = [
  'GATE_CHANGE',
  'DELAY',
  'TIME_CHANGE',
  'CANCELLED',
  'BOARDING',
  // Extension: a reinstated flight's correction of the cancellation message.
  'REINSTATED',
] as const;
export const NOTIFICATION_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'skipped',
] as const;
/** How a notification reaches a passenger (a push per subscribed browser). */
export const NOTIFICATION_CHANNELS = ['sms', 'email', 'push'] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;
export const notificationStatusSchema = z.enum(NOTIFICATION_STATUSES);
export type NotificationStatus = z.infer<typeof notificationStatusSchema>;
export const notificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannelName = z.infer<typeof notificationChannelSchema>;

export const notificationSchema = z.object({
  id: z.string(),
  pnr: z.string(),
  channel: z.string(),
  kind: z.string(),
  status: z.string(),
  attempts: z.number().int().nonnegative(),
  createdAt: isoInstant,
  sentAt: isoInstant.optional(),
  error: z.string().optional(),
});
export type Notification = z.infer<typeof notificationSchema>;

/** A notification as `GET /api/flights/:id/notifications` lists it: plus the manifest's name. */
export const listedNotificationSchema = notificationSchema.extend({
  passengerName: z.string().nullable().optional(),
});
export type ListedNotification = z.infer<typeof listedNotificationSchema>;

export function flightDirection(flight: Pick<Flight, 'direction'>): Direction {
  return flight.direction ?? 'departure';
}

export function isArrival(flight: Pick<Flight, 'direction'>): boolean {
  return flight.direction === 'arrival';
}

/**
 * The flight's movement at this airport: a departure's off-block (std/etd/atd), an arrival's
 * on-block (sta/eta/ata). `estimated` falls back to `scheduled` when no estimate was given.
 */
export function movementTimes(
  flight: Pick<Flight, 'direction' | 'std' | 'etd' | 'atd' | 'sta' | 'eta' | 'ata'>,
): { scheduled: string; estimated: string; actual: string | null } {
  if (isArrival(flight)) {
    const scheduled = flight.sta ?? flight.std;
    return { scheduled, estimated: flight.eta ?? scheduled, actual: flight.ata ?? null };
  }
  return { scheduled: flight.std, estimated: flight.etd, actual: flight.atd ?? null };
}

/** Minutes the estimated departure is behind the scheduled one (negative when early). */
export function delayMinutes(flight: Pick<Flight, 'std' | 'etd'>): number {
  return Math.round((Date.parse(flight.etd) - Date.parse(flight.std)) / 60_000);
}

/**
 * Minutes the movement here is behind schedule: the actual time once it happened, else the
 * estimate (contract section 11's definition of a flight's delay).
 */
export function movementDelayMinutes(
  flight: Pick<Flight, 'direction' | 'std' | 'etd' | 'atd' | 'sta' | 'eta' | 'ata'>,
): number {
  const { scheduled, estimated, actual } = movementTimes(flight);
  return Math.round((Date.parse(actual ?? estimated) - Date.parse(scheduled)) / 60_000);
}

/**
 * A flight in one of these statuses has finished here: a departure that left or was cancelled,
 * an arrival on block, diverted elsewhere or cancelled. It takes no further time changes.
 */
export function isFinalStatus(status: FlightStatus): boolean {
  return (
    status === 'DEPARTED' ||
    status === 'CANCELLED' ||
    status === 'ON_BLOCK' ||
    status === 'DIVERTED'
  );
}
