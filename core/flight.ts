import { z } from 'zod';

/** Flight statuses of the contract, in the order a departure moves through them. */
export const FLIGHT_STATUSES = [
  'SCHEDULED',
  'BOARDING',
  'FINAL_CALL',
  'GATE_CLOSED',
  'DEPARTED',
  'CANCELLED',
] as const;
export type FlightStatus = (typeof FLIGHT_STATUSES)[number];
export const flightStatusSchema = z.enum(FLIGHT_STATUSES);

export const REMARK_MAX_LENGTH = 120;

const isoInstant = z.iso.datetime({ offset: true });
const iataAirport = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter IATA airport code');

/** A flight exactly as it travels on the wire (contract section 5), plus optional extras. */
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
  // Extras the contract allows; present on every flight the hub seeds.
  airlineName: z.string().optional(),
  destinationCity: z.string().optional(),
  destinationName: z.string().optional(),
  /** IANA time zone of the departure airport: local times are shown in it. */
  originTimeZone: z.string().optional(),
  terminal: z.string().max(8).nullable().optional(),
  aircraftType: z.string().max(8).nullable().optional(),
  passengerCount: z.number().int().nonnegative().optional(),
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
] as const;
export const NOTIFICATION_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'skipped',
] as const;

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

/** Minutes the estimated departure is behind the scheduled one (negative when early). */
export function delayMinutes(flight: Pick<Flight, 'std' | 'etd'>): number {
  return Math.round((Date.parse(flight.etd) - Date.parse(flight.std)) / 60_000);
}

/** A flight in one of these states takes no further gate or time changes. */
export function isFinalStatus(status: FlightStatus): boolean {
  return status === 'DEPARTED' || status === 'CANCELLED';
}
