import { z } from 'zod';
import { REMARK_MAX_LENGTH, flightStatusSchema, type Flight } from './flight';
import { isDelayCode } from './delay-codes';
import type { FlightCreatePayload } from './flight-create';
import type {
  FlightHistoryPayload,
  FlightHistoryResult,
  FlightUndoPayload,
  FlightUndoResult,
} from './flight-history';
import type { NotificationSummariesResult, NotificationSummary } from './notification-summary';
import type { GateConflictChanges, GateConflictsBody } from './gate-conflicts';
import type { PositionsSnapshot, PositionsUpdate } from './positions';

/** Error codes of the contract (section 4). */
export const ERROR_CODES = [
  'UNAUTHORIZED',
  'FORBIDDEN',
  'INVALID',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  INVALID: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export interface AckError {
  code: ErrorCode;
  message: string;
  /** With CONFLICT: the flight as it is now. */
  current?: Flight;
}

/** The one acknowledgement envelope every client-to-hub event answers with. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: AckError };
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;

export const ROLES = ['viewer', 'agent', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  username: string;
  role: Role;
}

/** Fields a `flight:update` (or a feed message's `set`) may change. */
export const EDITABLE_FIELDS = [
  'gate',
  'etd',
  'status',
  'delayCode',
  'remark',
  // v2 (section 7)
  'eta',
  'atd',
  'ata',
  'stand',
  'belt',
  'registration',
  'aircraftType',
  'terminal',
  // Extension (core/flight-change.ts): why a status was cancelled, reinstated or corrected.
  'statusReason',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/**
 * Fields only a schedule import changes (contract section 7: "an import changes only planned
 * fields"), besides `aircraftType` and `terminal`, which both an import and the feed may set.
 */
export const PLANNED_FIELDS = [
  'std',
  'sta',
  'origin',
  'destination',
  'codeshares',
  'airlineName',
  'originCity',
  'originName',
  'destinationCity',
  'destinationName',
  'originTimeZone',
  'destinationTimeZone',
] as const;
export type PlannedField = (typeof PLANNED_FIELDS)[number];

/** Every field a change can record (the change log's `fields`, per-field versions). */
export const CHANGE_FIELDS = [...EDITABLE_FIELDS, ...PLANNED_FIELDS] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

const resourceCode = (example: string, max: number) =>
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(
      new RegExp(`^[A-Z0-9][A-Z0-9-]{0,${max - 1}}$`),
      `must be 1–${max} letters, digits or hyphens, e.g. "${example}"`,
    );

export const gateSchema = resourceCode('42B', 8);
export const standSchema = resourceCode('R14', 8);
export const beltSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,4}$/, 'must be 1–4 letters or digits, e.g. "5"');
export const registrationSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,3}-?[A-Z0-9]{1,6}$/, 'must be an aircraft registration, e.g. "VT-ANB"')
  .max(10, 'must be at most 10 characters');
export const aircraftTypeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,4}$/, 'must be an IATA (3) or ICAO (4) aircraft type code, e.g. "320"');
export const terminalSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,4}$/, 'must be 1–4 letters or digits, e.g. "T3"');

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** The fields of a change, each checked; `flightChangesSchema` also wants at least one. */
export const flightChangeFieldsSchema = z.strictObject({
  gate: gateSchema.nullable().optional(),
  etd: instant.optional(),
  status: flightStatusSchema.optional(),
  delayCode: z
    .string()
    .refine(isDelayCode, 'must be an IATA delay code from the AHM 730 list, e.g. "93"')
    .nullable()
    .optional(),
  remark: z
    .string()
    .trim()
    .max(REMARK_MAX_LENGTH, `must be at most ${REMARK_MAX_LENGTH} characters`)
    .transform((text) => (text === '' ? null : text))
    .nullable()
    .optional(),
  eta: instant.nullable().optional(),
  atd: instant.nullable().optional(),
  ata: instant.nullable().optional(),
  stand: standSchema.nullable().optional(),
  belt: beltSchema.nullable().optional(),
  registration: registrationSchema.nullable().optional(),
  aircraftType: aircraftTypeSchema.nullable().optional(),
  terminal: terminalSchema.nullable().optional(),
  statusReason: z
    .string()
    .trim()
    .max(REMARK_MAX_LENGTH, `must be at most ${REMARK_MAX_LENGTH} characters`)
    .transform((text) => (text === '' ? null : text))
    .nullable()
    .optional(),
});
export const flightChangesSchema = flightChangeFieldsSchema.refine(
  (changes) => Object.keys(changes).length > 0,
  'must change at least one field',
);
export type FlightChanges = z.infer<typeof flightChangesSchema>;

export const flightUpdatePayloadSchema = z.strictObject({
  flightId: z.string().min(1).max(64),
  baseVersion: z.number().int().nonnegative(),
  opId: z.uuid('must be a UUID'),
  changes: flightChangesSchema,
});
export type FlightUpdatePayload = z.input<typeof flightUpdatePayloadSchema>;

export const snapshotPayloadSchema = z.strictObject({});
export const syncSincePayloadSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
});

export const loginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export interface LoginResponse {
  token: string;
  user: SessionUser;
}

/** What changed in one accepted change: each field from → to. */
export type FieldChanges = Partial<Record<ChangeField, { from: unknown; to: unknown }>>;

/**
 * (v2, section 7) What a change did to the live table: `update` (absent means update), `created`
 * (a flight new to the live table) or `archived` (it leaves the live table; consoles drop it).
 */
export const CHANGE_KINDS = ['update', 'created', 'archived'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** `flight:changed`: one accepted change, in global `seq` order. */
export interface Change {
  seq: number;
  flight: Flight;
  /** `undoOf` (extension): set when the change undid an earlier one, to that change's opId. */
  change: {
    opId: string;
    by: string;
    at: string;
    fields: FieldChanges;
    /** Absent means `update`. */
    kind?: ChangeKind;
    undoOf?: string;
  };
}

export interface SnapshotResult {
  seq: number;
  flights: Flight[];
}
export type SyncSinceResult =
  | { seq: number; changes: Change[]; reset?: undefined }
  | { seq: number; reset: true; flights: Flight[] };

/** Socket.IO events, client → hub. Payloads are typed for clients; the hub still parses them. */
export interface ClientToServerEvents {
  'flights:snapshot': (payload: Record<string, never>, ack: AckCallback<SnapshotResult>) => void;
  'flight:update': (payload: FlightUpdatePayload, ack: AckCallback<{ flight: Flight }>) => void;
  'sync:since': (payload: { seq: number }, ack: AckCallback<SyncSinceResult>) => void;
  /** Extension (core/flight-history.ts): a flight's audit trail, newest first. */
  'flight:history': (payload: FlightHistoryPayload, ack: AckCallback<FlightHistoryResult>) => void;
  /** Extension (v2, core/flight-create.ts): a supervisor adds a flight not in the schedule. */
  'flight:create': (payload: FlightCreatePayload, ack: AckCallback<{ flight: Flight }>) => void;
  /** Extension (core/flight-history.ts): undo the caller's own last change to a flight. */
  'flight:undo': (payload: FlightUndoPayload, ack: AckCallback<FlightUndoResult>) => void;
  /** Extension: every flight's notification counts (then kept live by `notifications:summary`). */
  'notifications:summaries': (
    payload: Record<string, never>,
    ack: AckCallback<NotificationSummariesResult>,
  ) => void;
  /** (v2, section 8) Every aircraft tracked now; then `positions:update` keeps the picture live. */
  'positions:snapshot': (
    payload: Record<string, never>,
    ack: AckCallback<PositionsSnapshot>,
  ) => void;
}

/** Socket.IO events, hub → client. */
export interface ServerToClientEvents {
  'flight:changed': (change: Change) => void;
  /** Extension: a flight's notification counts or manifest size changed. */
  'notifications:summary': (summary: NotificationSummary) => void;
  /** (v2, section 8) Aircraft positions changed or gone since the last update, at most once a second. */
  'positions:update': (update: PositionsUpdate) => void;
  /** Extension (v2, section 7): how a schedule import is going, to supervisors' consoles. */
  'schedules:progress': (progress: ScheduleImportProgress) => void;
  /**
   * (v2, section 11) The gate conflicts of every live day: on connect, then whenever the list
   * changed unless the socket asked for changes (handshake `gateConflicts: 'changes'`).
   */
  'gates:conflicts': (body: GateConflictsBody) => void;
  /** Extension: what changed in the conflicts, to a socket that asked for changes. */
  'gates:conflicts:changed': (changes: GateConflictChanges) => void;
}

/** A schedule import's progress: reading the file (characters), then applying it (flights). */
export interface ScheduleImportProgress {
  phase: 'reading' | 'applying';
  done: number;
  total: number;
  /** Who is importing. */
  by: string;
}

/** HTTP error body (contract section 2). */
export interface HttpErrorBody {
  /** Some refusals add facts, e.g. a schedule import's `errors: [{ line, message }]`. */
  error: { code: ErrorCode; message: string } & Record<string, unknown>;
}

/** Turns a zod error into one message that names the offending field. */
export function describeZodError(error: z.ZodError, root = 'payload'): string {
  const issue = error.issues[0];
  if (!issue) return `${root} is invalid`;
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : root;
  return `${path}: ${issue.message}`;
}
