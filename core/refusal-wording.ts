import { DateTime } from 'luxon';
import { FLIGHT_STATUSES, type FlightStatus } from './flight';

/** How people at the airport call the fields the hub names in its refusals. */
const FIELD_WORDS: Record<string, string> = {
  gate: 'Gate',
  etd: 'New departure time',
  eta: 'New arrival time',
  atd: 'Actual departure time',
  ata: 'Actual arrival time',
  std: 'Scheduled departure',
  status: 'Status',
  statusReason: 'Reason',
  delayCode: 'Delay code',
  remark: 'Remark',
  stand: 'Stand',
  belt: 'Belt',
  registration: 'Registration',
  aircraftType: 'Aircraft type',
  terminal: 'Terminal',
  baseVersion: 'Version',
  target: 'Undo',
  flightId: 'Flight',
};

/** The same names inside a sentence. */
const IN_TEXT: Record<string, string> = {
  etd: 'the estimated departure',
  std: 'the scheduled departure',
  atd: 'the actual departure time',
  ata: 'the actual arrival time',
  eta: 'the estimated arrival',
  sta: 'the scheduled arrival',
  delayCode: 'the delay code',
  statusReason: 'the reason',
};

const STATUS_WORDS = Object.fromEntries(
  FLIGHT_STATUSES.map((status) => [status, status.toLowerCase().replace(/_/g, ' ')]),
) as Record<FlightStatus, string>;

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;

/**
 * A hub refusal ("delayCode: a delay (etd later than std) needs…", "… at 2026-11-21T09:00:00Z")
 * in the words of the people reading it: field names as they say them, statuses in lower case,
 * and instants as local time at the airport. The hub's message stays as it is on the wire
 * (clients and tests match its field prefix); only what a person reads is reworded.
 */
export function plainRefusal(message: string, timeZone: string): string {
  let text = message;
  let prefix = '';
  const undo = /^cannot undo: /.exec(text);
  if (undo) {
    prefix = 'Cannot undo: ';
    text = text.slice(undo[0].length);
  }
  const field = /^([a-zA-Z.]+): /.exec(text);
  if (field) {
    const name = field[1]!.split('.').at(-1)!;
    text = `${FIELD_WORDS[name] ?? name}: ${text.slice(field[0].length)}`;
  }
  text = text
    .replace(/\b(etd|std|atd|ata|eta|sta|delayCode|statusReason)\b/g, (word) => IN_TEXT[word]!)
    .replace(
      /\b(SCHEDULED|BOARDING|FINAL_CALL|GATE_CLOSED|DEPARTED|CANCELLED|AIRBORNE|LANDED|ON_BLOCK|DIVERTED)\b/g,
      (status) => STATUS_WORDS[status as FlightStatus],
    )
    .replace(ISO_INSTANT, (iso) => {
      const at = DateTime.fromISO(iso, { zone: timeZone });
      return at.isValid ? `${at.toFormat('HH:mm')} local` : iso;
    });
  return prefix + text;
}
