import type { PublicFlight } from '../../../core/public-flight';

/** The movement a passenger cares about here: a departure's off-block, an arrival's on-block. */
export function movement(flight: PublicFlight): { scheduled: string; estimated: string } {
  if (flight.direction === 'arrival') {
    const scheduled = flight.sta ?? flight.std;
    return { scheduled, estimated: flight.ata ?? flight.eta ?? scheduled };
  }
  return { scheduled: flight.std, estimated: flight.atd ?? flight.etd };
}

/** The airport's zone: departures leave from the origin, arrivals come to the destination. */
export function airportZone(flight: PublicFlight): string {
  const zone = flight.direction === 'arrival' ? flight.destinationTimeZone : flight.originTimeZone;
  return zone ?? 'UTC';
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** `14:35` local at the airport. */
export function localTime(iso: string, zone: string, locale: string): string {
  const key = `${zone}|${locale}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'hi' ? 'hi-IN' : 'en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    });
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** Minutes the estimate is behind the schedule (negative: earlier). */
export function minutesLate(flight: PublicFlight): number {
  const { scheduled, estimated } = movement(flight);
  return Math.round((Date.parse(estimated) - Date.parse(scheduled)) / 60_000);
}
