/**
 * To be removed once the hub seeds the demo from its schedule (del-schedule.csv through the
 * rolling window, with demo-operations.ts); `buildDemoDayFromSchedule` gives the same shape.
 *
 * The demo airport day for Delhi: the derived schedule template (resources/demo, OpenFlights data
 * under ODbL 1.0) laid out around a given instant, with statuses, delays and cancellations that
 * look like a real operating day. Deterministic: the same `now` always gives the same flights, and
 * a flight's delay or cancellation depends only on its date and number, not on `now`.
 */
import { DateTime } from 'luxon';
import type { Flight, FlightStatus } from '../../core/flight';
import { REMARK_MAX_LENGTH } from '../../core/flight';
import templateJson from '../../resources/demo/del-departures.json';
import { cancellationRemark, delayLength, delayReasons } from './demo-delays';
import { createPrng } from './prng';
import type { DemoDeparture, DemoTemplate } from './template';

export interface DemoDay {
  airport: { iata: string; name: string; city: string; timeZone: string };
  flights: Flight[];
}

export const DEMO_TEMPLATE: DemoTemplate = templateJson as DemoTemplate;

/**
 * Delays and cancellations are spread evenly over the day: in every block of DELAY_BLOCK
 * consecutive departures (by scheduled time) DELAYS_PER_BLOCK are delayed (15%), and in every
 * block of CANCEL_BLOCK one is cancelled (3%). Any 24-hour window then holds close to those shares.
 */
const DELAY_BLOCK = 20;
const DELAYS_PER_BLOCK = 3;
const CANCEL_BLOCK = 33;
const HALF_WINDOW_MINUTES = 12 * 60;

if (DEMO_TEMPLATE.departures.length === 0) throw new Error('demo template has no departures');

/** Statuses by minutes to go before the estimated departure. */
function statusFor(minutesToGo: number, widebody: boolean): FlightStatus {
  if (minutesToGo <= 0) return 'DEPARTED';
  if (minutesToGo < 10) return 'GATE_CLOSED';
  if (minutesToGo < 20) return 'FINAL_CALL';
  if (minutesToGo < (widebody ? 50 : 40)) return 'BOARDING';
  return 'SCHEDULED';
}

type Fate = 'ON_TIME' | 'DELAYED' | 'CANCELLED';

const fatesByServiceDate = new Map<string, Fate[]>();

/** Time order of the template entries. */
const TIME_ORDER: number[] = DEMO_TEMPLATE.departures
  .map((departure, index) => ({ local: departure.departureLocal, index }))
  .sort((a, b) => a.local.localeCompare(b.local) || a.index - b.index)
  .map((entry) => entry.index);

function markInBlocks(
  fates: Fate[],
  serviceDate: string,
  blockSize: number,
  perBlock: number,
  fate: Fate,
): void {
  for (let start = 0; start < TIME_ORDER.length; start += blockSize) {
    const block = TIME_ORDER.slice(start, start + blockSize);
    const prng = createPrng(`demo-day-${fate}:${serviceDate}:${start}`);
    const wanted = Math.round((perBlock * block.length) / blockSize);
    const chosen = prng.shuffle(block).filter((index) => fates[index] === 'ON_TIME');
    for (const index of chosen.slice(0, wanted)) fates[index] = fate;
  }
}

/** The fate of every template entry on one service date (local date at the origin). */
function fatesFor(serviceDate: string): Fate[] {
  const cached = fatesByServiceDate.get(serviceDate);
  if (cached) return cached;
  const fates: Fate[] = new Array<Fate>(DEMO_TEMPLATE.departures.length).fill('ON_TIME');
  markInBlocks(fates, serviceDate, CANCEL_BLOCK, 1, 'CANCELLED');
  markInBlocks(fates, serviceDate, DELAY_BLOCK, DELAYS_PER_BLOCK, 'DELAYED');
  if (fatesByServiceDate.size > 16) fatesByServiceDate.clear();
  fatesByServiceDate.set(serviceDate, fates);
  return fates;
}

function isWidebody(departure: DemoDeparture): boolean {
  return departure.seats >= 230;
}

/** The scheduled departure of a template entry that falls in [now − 12 h, now + 12 h). */
function scheduledAround(departure: DemoDeparture, now: DateTime, zone: string): DateTime {
  const [hour, minute] = departure.departureLocal.split(':').map(Number) as [number, number];
  const today = now.setZone(zone).startOf('day');
  const windowStart = now.minus({ minutes: HALF_WINDOW_MINUTES });
  const windowEnd = now.plus({ minutes: HALF_WINDOW_MINUTES });
  for (const offset of [-1, 0, 1]) {
    const day = today.plus({ days: offset });
    const candidate = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour, minute },
      { zone },
    );
    if (candidate >= windowStart && candidate < windowEnd) return candidate;
  }
  // Only reachable on a day with a time-zone transition: take the nearest candidate.
  return DateTime.fromObject(
    { year: today.year, month: today.month, day: today.day, hour, minute },
    { zone },
  );
}

function utcIso(time: DateTime): string {
  return time.toUTC().toISO({ suppressMilliseconds: false, includeOffset: true }) as string;
}

function clipRemark(remark: string | null): string | null {
  return remark === null ? null : remark.slice(0, REMARK_MAX_LENGTH);
}

export function buildDemoDay(now: Date): DemoDay {
  const { airport, departures } = DEMO_TEMPLATE;
  const zone = airport.timeZone;
  const nowTime = DateTime.fromJSDate(now, { zone });
  if (!nowTime.isValid) throw new Error('buildDemoDay: invalid date');
  const updatedAt = now.toISOString();

  const flights = departures.map((departure, index): Flight => {
    const std = scheduledAround(departure, nowTime, zone);
    const serviceDate = std.toFormat('yyyyMMdd');
    const compactNumber = departure.flightNumber.replace(/\s+/g, '');
    const id = `${airport.iata}-${serviceDate}-${compactNumber}`;
    const prng = createPrng(`demo-day-flight:${id}`);
    const fate = fatesFor(serviceDate)[index] ?? 'ON_TIME';

    let etd = std;
    let delayCode: string | null = null;
    let remark: string | null = null;
    let status: FlightStatus;
    let gate: string | null = departure.gate;

    if (fate === 'CANCELLED') {
      status = 'CANCELLED';
      gate = null;
      remark = cancellationRemark(prng, std.month);
    } else {
      if (fate === 'DELAYED') {
        etd = std.plus({ minutes: delayLength(prng) });
        const reason = prng.weighted(
          delayReasons(std.month).map((entry) => [entry, entry.weight] as const),
        );
        delayCode = reason.code;
        if (prng.chance(0.45)) remark = prng.pick(reason.remarks);
      }
      const minutesToGo = etd.diff(nowTime, 'minutes').minutes;
      status = statusFor(minutesToGo, isWidebody(departure));
    }

    const loadFactor = 0.72 + prng.next() * 0.24;
    return {
      id,
      flightNumber: departure.flightNumber,
      airline: departure.airline,
      origin: airport.iata,
      destination: departure.destination,
      std: utcIso(std),
      etd: utcIso(etd),
      gate,
      status,
      delayCode,
      remark: clipRemark(remark),
      version: 1,
      updatedAt,
      updatedBy: null,
      airlineName: departure.airlineName,
      destinationCity: departure.destinationCity,
      destinationName: departure.destinationName,
      originTimeZone: zone,
      terminal: departure.terminal,
      aircraftType: departure.aircraftType,
      passengerCount: Math.round(departure.seats * loadFactor),
    };
  });

  flights.sort(
    (a, b) => a.std.localeCompare(b.std) || a.flightNumber.localeCompare(b.flightNumber),
  );
  return {
    airport: { iata: airport.iata, name: airport.name, city: airport.city, timeZone: zone },
    flights,
  };
}
