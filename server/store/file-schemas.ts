import { z } from 'zod';
import { CHANGE_FIELDS, CHANGE_KINDS, ROLES, flightSchema } from '../../core';

/** Shapes of the files in the data folder. Every file is validated with these at start. */

const isoInstant = z.iso.datetime({ offset: true });
/** Flights keep whatever extra fields they were seeded with (the contract allows extras). */
export const storedFlightSchema = flightSchema.loose();

export const airportSchema = z.strictObject({
  iata: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter IATA airport code'),
  name: z.string().min(1),
  city: z.string().min(1),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "Asia/Kolkata"'),
  // v2, from the airport data: absent in folders created before it.
  icao: z.string().nullable().optional(),
  country: z.string().optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});
export type Airport = z.infer<typeof airportSchema>;

/** `hub.json`: written last when a data folder is created, so it marks a complete folder. */
export const hubFileSchema = z.strictObject({
  /** 1: created before checksums and seals (its old trail lines have none); 2: since. */
  format: z.union([z.literal(1), z.literal(2)]),
  createdAt: isoInstant,
  /** Null when the folder was created without demo data. */
  airport: airportSchema.nullable(),
});
export type HubFile = z.infer<typeof hubFileSchema>;

export const userScopeSchema = z.strictObject({
  airlines: z.array(z.string().max(8)).max(200).optional(),
  gates: z.array(z.string().max(8)).max(1000).optional(),
});
export type UserScope = z.infer<typeof userScopeSchema>;

export const userRecordSchema = z.strictObject({
  username: z.string().min(1).max(64),
  role: z.enum(ROLES),
  passwordHash: z.string().startsWith('$argon2id$', 'must be an argon2id hash'),
  scope: userScopeSchema.optional(),
  /** A disabled user cannot sign in, and its sessions end. */
  disabled: z.boolean().optional(),
  /**
   * Session epoch: every token carries the epoch it was issued in. Raising it (password change,
   * disabling) ends every session of the user, open sockets included.
   */
  sessionEpoch: z.number().int().nonnegative().optional(),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

export const usersFileSchema = z.strictObject({
  users: z.array(userRecordSchema).refine(
    uniqueBy((user: { username: string }) => user.username),
    'duplicate username',
  ),
});
export type UsersFile = z.infer<typeof usersFileSchema>;

/** `session-secret.json` (mode 0600): the key that signs session tokens when none is configured. */
export const secretFileSchema = z.strictObject({ secret: z.string().min(32) });
export type SecretFile = z.infer<typeof secretFileSchema>;

/** Per flight and field, the flight version at which the field last changed (conflict checks). */
export const fieldVersionsSchema = z.partialRecord(
  z.enum(CHANGE_FIELDS),
  z.number().int().nonnegative(),
);
export type FieldVersions = z.infer<typeof fieldVersionsSchema>;

/** Per flight and field, who set it last and when (the feed holds fields agents set by hand). */
export const fieldSourcesSchema = z.partialRecord(
  z.enum(CHANGE_FIELDS),
  z.strictObject({ by: z.string(), at: isoInstant }),
);
export type FieldSources = z.infer<typeof fieldSourcesSchema>;

export const flightRecordSchema = z.strictObject({
  flight: storedFlightSchema,
  fieldVersions: fieldVersionsSchema,
  fieldSources: fieldSourcesSchema.optional(),
});
export type FlightRecord = z.infer<typeof flightRecordSchema>;

/** `flights.json`: the flight table as of change `seq`; the change log holds what came after. */
export const flightsSnapshotSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  savedAt: isoInstant,
  flights: z.array(flightRecordSchema).refine(
    uniqueBy((record: { flight: { id: string } }) => record.flight.id),
    'duplicate flight id',
  ),
});
export type FlightsSnapshot = z.infer<typeof flightsSnapshotSchema>;

const fieldChangeSchema = z.strictObject({ from: z.unknown(), to: z.unknown() });

/** One line of the change log: the durable commit point and the audit trail. */
export const changeLogEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  flightId: z.string().min(1),
  opId: z.string().min(1),
  by: z.string(),
  workstation: z.string().nullable(),
  at: isoInstant,
  version: z.number().int().positive(),
  fields: z.partialRecord(z.enum(CHANGE_FIELDS), fieldChangeSchema),
  /** v2: `created` or `archived`; absent means an update. */
  kind: z.enum(CHANGE_KINDS).optional(),
  flight: storedFlightSchema,
  /** The opId of the change this one undid (`flight:undo`). */
  undoOf: z.string().min(1).optional(),
});
export type ChangeLogEntry = z.infer<typeof changeLogEntrySchema>;

function uniqueBy<T>(key: (item: T) => string): (items: T[]) => boolean {
  return (items) => new Set(items.map(key)).size === items.length;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
