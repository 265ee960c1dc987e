/**
 * The demo schedule as a CSV schedule file (contract section 7, the columns csv-reader.ts reads):
 * one daily leg a line, local times at both ends. The time at the other airport is the hub's
 * time plus or minus the block time, converted with the zones' offsets on the period's first
 * date; where the other airport observes daylight saving time, its local time stays put and
 * the block time moves by an hour in the other season, as the file says nothing per season.
 */
import { DateTime } from 'luxon';
import { blockMinutes } from './block-times';
import type { Airport } from './openflights-snapshot';
import type { DemoScheduleLeg } from './schedule-legs';

/**
 * A period wide enough for any demo: the hub replaces it with the days it shows, so a demo
 * started on any date has that date's flights.
 */
export const DEMO_SCHEDULE_PERIOD = { from: '2025-01-01', to: '2035-12-31' } as const;

export const DEMO_SCHEDULE_COLUMNS = [
  'airline',
  'flight_number',
  'origin',
  'destination',
  'std',
  'sta',
  'from',
  'to',
  'days',
  'aircraft_type',
  'service_type',
  'departure_terminal',
  'arrival_terminal',
  'onward_airline',
  'onward_flight_number',
  'codeshares',
] as const;

function localOn(date: string, minutes: number, zone: string): DateTime {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return DateTime.fromObject(
    { year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    { zone },
  );
}

/** "08:20", "01:05+1", "23:50-1": the time at arrival and its date variation. */
function arrivalText(departure: DateTime, arrival: DateTime): string {
  const days =
    (Date.parse(arrival.toISODate() as string) - Date.parse(departure.toISODate() as string)) /
    86_400_000;
  return `${arrival.toFormat('HH:mm')}${days === 0 ? '' : days > 0 ? `+${days}` : String(days)}`;
}

function digitsOf(flightNumber: string): string {
  return flightNumber.split(' ')[1] as string;
}

export function scheduleCsv(
  legs: readonly DemoScheduleLeg[],
  hub: Airport,
  hubZone: string,
  period: { from: string; to: string } = DEMO_SCHEDULE_PERIOD,
): string {
  const lines = [DEMO_SCHEDULE_COLUMNS.join(',')];
  for (const leg of legs) {
    const block = blockMinutes(
      leg.direction === 'departure' ? hub : leg.otherAirport,
      leg.direction === 'departure' ? leg.otherAirport : hub,
    );
    const atHub = localOn(period.from, leg.hubMinutes, hubZone);
    const [departure, arrival] =
      leg.direction === 'departure'
        ? [atHub, atHub.plus({ minutes: block }).setZone(leg.otherZone)]
        : [atHub.minus({ minutes: block }).setZone(leg.otherZone), atHub];
    const onward = leg.onward?.split(' ') ?? ['', ''];
    const fields = [
      leg.airline,
      digitsOf(leg.flightNumber),
      leg.direction === 'departure' ? hub.iata : leg.other,
      leg.direction === 'departure' ? leg.other : hub.iata,
      departure.toFormat('HH:mm'),
      arrivalText(departure, arrival),
      period.from,
      period.to,
      '1234567',
      leg.aircraftType,
      'J',
      leg.direction === 'departure' ? leg.terminal : '',
      leg.direction === 'arrival' ? leg.terminal : '',
      onward[0] as string,
      onward[1] as string,
      leg.codeshares.join('; '),
    ];
    // Nothing here needs quoting; a field that would is a bug in the derivation.
    for (const field of fields) {
      if (/[",\r\n]/.test(field)) throw new Error(`CSV field needs quoting: ${field}`);
    }
    lines.push(fields.join(','));
  }
  return `${lines.join('\n')}\n`;
}
