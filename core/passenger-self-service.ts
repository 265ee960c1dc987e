import { z } from 'zod';
import { flightSchema, notificationSchema } from './flight';
import type { PublicFlight } from './public-flight';

/** Contract section 9: what passengers send and get back. */

export const passengerLookupSchema = z.strictObject({
  pnr: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{6}$/, 'must be 6 letters or digits'),
  lastName: z.string().trim().min(1, 'must not be empty').max(100),
});
export type PassengerLookup = z.input<typeof passengerLookupSchema>;

export interface PassengerLookupResult {
  token: string;
  passenger: { name: string; locale: string };
  flights: PublicFlight[];
}

/** Languages the passengers' page and the messages speak. */
export const PASSENGER_LOCALES = ['en', 'hi'] as const;
export type PassengerLocale = (typeof PASSENGER_LOCALES)[number];

export const passengerChannelsSchema = z.strictObject({
  sms: z.boolean(),
  email: z.boolean(),
  push: z.boolean(),
});
export type PassengerChannels = z.infer<typeof passengerChannelsSchema>;

export const passengerPreferencesSchema = z.strictObject({
  channels: passengerChannelsSchema,
  locale: z.enum(PASSENGER_LOCALES),
});
export type PassengerPreferences = z.infer<typeof passengerPreferencesSchema>;

/** `GET /api/passenger/preferences`: the preferences, and which channels the booking can use. */
export interface PassengerPreferencesResult extends PassengerPreferences {
  /** Whether the airline gave a phone / an e-mail address, and how many devices get pushes. */
  reachable: { sms: boolean; email: boolean; pushDevices: number };
}

/** Socket.IO namespace `/passenger`, hub → passenger. Nothing goes the other way. */
export interface PassengerServerToClientEvents {
  'flight:status': (flight: PublicFlight) => void;
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PassengerClientToServerEvents {}

export const PASSENGER_NAMESPACE = '/passenger';

/** `GET /api/passengers?pnr=X` (staff): one booking's people, live flights and notifications. */
export const staffPassengerSearchSchema = z.object({
  pnr: z.string(),
  passengers: z.array(
    z.object({
      name: z.string(),
      locale: z.string().nullable(),
      /** Masked: "+91••••••0001", "a•••@example.in". */
      phone: z.string().nullable(),
      email: z.string().nullable(),
      channels: passengerChannelsSchema,
      pushDevices: z.number().int().nonnegative(),
    }),
  ),
  flights: z.array(flightSchema),
  notifications: z.array(notificationSchema.extend({ flightId: z.string() })),
});
export type StaffPassengerSearch = z.infer<typeof staffPassengerSearchSchema>;
