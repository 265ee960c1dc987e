/**
 * Local wall-clock time of an instant in an IANA zone, for the grid's time cells: one
 * `Intl.DateTimeFormat` per zone, reused. The grid formats a few hundred cells per render and
 * again at every live change; luxon's `DateTime` costs ~10× more per call.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formats.set(zone, format);
  }
  return format;
}

export interface LocalClock {
  /** The local calendar day as a day count: days apart compare by subtraction. */
  readonly day: number;
  /** `HH:mm`. */
  readonly time: string;
}

/**
 * Answers already given, per zone and instant: `formatToParts` costs ~20 µs, and a live change
 * has the same few instants formatted again (the gate plan formats three per changed flight,
 * the grid a row's times). Forgotten wholesale past MEMO_SIZE instants.
 */
const memo = new Map<string, Map<number, LocalClock>>();
const MEMO_SIZE = 20_000;

export function localClock(instant: string | number, zone: string): LocalClock {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  let known = memo.get(zone);
  const hit = known?.get(ms);
  if (hit) return hit;
  if (!known || known.size >= MEMO_SIZE) {
    known = new Map();
    memo.set(zone, known);
  }
  const clock = formatClock(ms, zone);
  known.set(ms, clock);
  return clock;
}

function formatClock(ms: number, zone: string): LocalClock {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = '';
  let minute = '';
  for (const part of formatIn(zone).formatToParts(ms)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = part.value.padStart(2, '0');
    else if (part.type === 'minute') minute = part.value.padStart(2, '0');
  }
  return { day: Date.UTC(year, month - 1, day) / 86_400_000, time: `${hour}:${minute}` };
}

/** `HH:mm` in the zone. */
export function localTime(instant: string | number, zone: string): string {
  return localClock(instant, zone).time;
}
