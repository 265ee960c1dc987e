import { z } from 'zod';
import { publicFlightSchema } from './public-flight';

/**
 * Displays (contract section 12): public screens in the terminal. A display is not a user: it
 * holds a token from `npm run hub -- displays add`, reads only its own board on the `/display`
 * namespace, and never sees a sign-in form.
 */
export const DISPLAY_NAMESPACE = '/display';

export const DISPLAY_KINDS = ['departures', 'arrivals', 'both'] as const;
export type DisplayKind = (typeof DISPLAY_KINDS)[number];

/** Languages a board can alternate between (labels and remarks; city names stay as they are). */
export const BOARD_LANGUAGES = ['en', 'hi'] as const;
export type BoardLanguage = (typeof BOARD_LANGUAGES)[number];

export const DISPLAY_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const DISPLAY_TOKEN_PATTERN = /^jbd_[A-Za-z0-9_-]{43}$/;

export const displaySettingsSchema = z.object({
  name: z.string(),
  kind: z.enum(DISPLAY_KINDS),
  /** Only this terminal's flights; null: every terminal (the board shows a terminal column). */
  terminal: z.string().nullable(),
  languages: z.array(z.enum(BOARD_LANGUAGES)).min(1),
});
export type DisplaySettings = z.infer<typeof displaySettingsSchema>;

/** `display:board`: everything a display shows, sent on every connection and every few minutes. */
export const displayBoardSchema = z.object({
  display: displaySettingsSchema,
  airport: z.object({ iata: z.string(), name: z.string(), timeZone: z.string() }),
  /** The hub's clock when this was sent (a screen's own clock may be wrong). */
  sentAt: z.iso.datetime({ offset: true }),
  flights: z.array(publicFlightSchema),
});
export type DisplayBoard = z.infer<typeof displayBoardSchema>;

export const displayRemovedSchema = z.object({ id: z.string() });

export interface DisplayServerToClientEvents {
  'display:board': (board: DisplayBoard) => void;
  /** A flight of this board, after a change (new to the board or changed). */
  'display:flight': (flight: z.infer<typeof publicFlightSchema>) => void;
  /** A flight that left this board (archived, or moved to another terminal). */
  'display:removed': (removed: { id: string }) => void;
  /** The display was revoked: show the neutral screen (the connection closes). */
  'display:revoked': () => void;
}
// Displays send nothing; anything they send is dropped.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DisplayClientToServerEvents {}

/** `GET /api/displays` (supervisor): each display, whether it is connected, and how stale. */
export const displayStatusSchema = z.object({
  name: z.string(),
  kind: z.enum(DISPLAY_KINDS),
  terminal: z.string().nullable(),
  createdAt: z.string(),
  /** Open connections of this display right now (a screen reloading may briefly have two). */
  connections: z.number().int().nonnegative(),
  /** When it was last connected (now, while connected); null: never since the hub started. */
  lastSeenAt: z.string().nullable(),
  /** When the board it shows was last brought up to date by the hub; null: never. */
  lastUpdateAt: z.string().nullable(),
});
export type DisplayStatus = z.infer<typeof displayStatusSchema>;
export const displayStatusListSchema = z.object({ displays: z.array(displayStatusSchema) });

/** Whether a flight belongs on a board of this kind and terminal. */
export function belongsOnBoard(
  flight: { direction: 'departure' | 'arrival'; terminal: string | null },
  display: Pick<DisplaySettings, 'kind' | 'terminal'>,
): boolean {
  if (display.kind === 'departures' && flight.direction !== 'departure') return false;
  if (display.kind === 'arrivals' && flight.direction !== 'arrival') return false;
  return display.terminal === null || flight.terminal === display.terminal;
}
