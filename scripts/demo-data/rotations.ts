/**
 * The demo's arrivals and aircraft rotations. An airline flies a route as often one way as the
 * other, so every departure whose route back into the hub is in routes.dat gets one arrival on
 * that route. Most arrivals then turn into one of the airline's departures on the same aircraft
 * type and terminal, after a realistic ground time; the rest night-stop (a home carrier's late
 * arrivals, whose aircraft leave with the next morning's first wave) or turn across midnight.
 * A CSV schedule links a turn only within one local day (its onward flight has no layover
 * days), so turns that would cross midnight stay unlinked.
 */
import {
  aircraftBody,
  minimumTurnaroundMinutes,
  type AircraftBody,
} from '../../core/aircraft-categories';
import { BOARDING_MINUTES } from '../../core/gates';
import type { Prng } from '../../server/demo/prng';
import type { DemoDeparture } from '../../server/demo/template';
import type { InboundRoute } from './route-selection';
import { DOMESTIC_HOURS, INTERNATIONAL_HOURS } from './times-of-day';

export interface ArrivalPlan {
  route: InboundRoute;
  domestic: boolean;
  aircraftType: string;
  /** The hub terminal it arrives at: its onward departure's, so the aircraft stays put. */
  terminal: string;
  /** Scheduled on-block, minutes after local midnight at the hub. */
  minutes: number;
  /** The departure the same aircraft flies next, the same local day; null when none. */
  onward: DemoDeparture | null;
  /** The departure whose route this arrival flies the other way (it takes a neighbouring number). */
  returnOf: DemoDeparture;
}

/**
 * Ground time ranges by body. The floor is the boarding time as well as the type's minimum
 * turnaround: an arrival must reach its gate before boarding for the onward flight starts there
 * (core/gates.ts holds a departure's gate from etd − 45 min), or the two would conflict.
 */
const GROUND_MINUTES: Record<AircraftBody, readonly [number, number]> = {
  narrow: [45, 90],
  regional: [45, 75],
  wide: [60, 180],
};
/** Arrivals of a day start after local midnight (00:05), in the same local day as the turn. */
const EARLIEST_ARRIVAL = 5;
/** A home carrier's departures before this mostly use aircraft that night-stopped at the hub. */
const FIRST_WAVE_END = 7 * 60 + 30;
const FIRST_WAVE_NIGHT_STOPS = 0.75;
/** Share of a home carrier's later departures flown by an aircraft that was already on the ground. */
const UNLINKED_LATER = 0.06;
/** Home carriers' departures before 10:00 may take an aircraft that arrived the evening before. */
const NIGHT_STOP_DEPARTURES_BEFORE = 10 * 60;
const NIGHT_STOP_ARRIVAL_HOURS: ReadonlyArray<readonly [number, number]> = [
  [19, 1],
  [20, 2],
  [21, 3],
  [22, 3],
  [23, 2],
];

interface Slot {
  route: InboundRoute;
  returnOf: DemoDeparture;
  used: boolean;
}

export function departureMinutes(departure: DemoDeparture): number {
  const [hours, minutes] = departure.departureLocal.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

export function groundRange(aircraftType: string): readonly [number, number] {
  const [low, high] = GROUND_MINUTES[aircraftBody(aircraftType) ?? 'narrow'];
  return [Math.max(low, BOARDING_MINUTES, minimumTurnaroundMinutes(aircraftType)), high];
}

/** A ground time on the 5-minute grid in [low, high], shorter ones likelier (airlines sweat them). */
function drawGround(prng: Prng, low: number, high: number): number {
  const steps = Math.floor((high - low) / 5) + 1;
  return low + 5 * Math.min(steps - 1, Math.floor(prng.next() ** 1.6 * steps));
}

/** 'strict': the route lists the type; 'body': only another type of the same body. */
function typeFit(route: InboundRoute, aircraftType: string): 'strict' | 'body' | null {
  if (route.equipment.includes(aircraftType)) return 'strict';
  const body = aircraftBody(aircraftType);
  return route.equipment.some((type) => aircraftBody(type) === body) ? 'body' : null;
}

function bestFits<T>(items: T[], route: (item: T) => InboundRoute, aircraftType: string): T[] {
  const strict = items.filter((item) => typeFit(route(item), aircraftType) === 'strict');
  return strict.length > 0
    ? strict
    : items.filter((item) => typeFit(route(item), aircraftType) === 'body');
}

export function planArrivals(
  departures: readonly DemoDeparture[],
  inbound: ReadonlyMap<string, InboundRoute>,
  hubCountry: string,
  prng: Prng,
): ArrivalPlan[] {
  const slots: Slot[] = [];
  for (const departure of departures) {
    const route = inbound.get(`${departure.airline}-${departure.destination}`);
    if (route) slots.push({ route, returnOf: departure, used: false });
  }
  const homeCarrier = (code: string) =>
    slots.some(
      (slot) => slot.route.airline.iata === code && slot.route.airline.country === hubCountry,
    );
  const byTime = [...departures].sort(
    (a, b) =>
      departureMinutes(a) - departureMinutes(b) || a.flightNumber.localeCompare(b.flightNumber),
  );

  const plans: ArrivalPlan[] = [];
  const fed = new Set<DemoDeparture>();
  for (const departure of byTime) {
    const std = departureMinutes(departure);
    const [low, high] = groundRange(departure.aircraftType);
    if (std - low < EARLIEST_ARRIVAL) continue;
    const home = homeCarrier(departure.airline);
    const unlinked = !home ? 0 : std < FIRST_WAVE_END ? FIRST_WAVE_NIGHT_STOPS : UNLINKED_LATER;
    if (prng.chance(unlinked)) continue;
    const free = slots.filter(
      (slot) =>
        !slot.used &&
        slot.route.airline.iata === departure.airline &&
        slot.returnOf.domestic === departure.domestic,
    );
    let pool = bestFits(free, (slot) => slot.route, departure.aircraftType);
    // Foreign carriers fly out and back from their hub; home carriers' aircraft roam the network.
    const outAndBack = pool.filter((slot) => slot.route.origin.iata === departure.destination);
    if (outAndBack.length > 0 && (!home || prng.chance(0.35))) pool = outAndBack;
    if (pool.length === 0) continue;
    const slot = prng.pick(pool);
    slot.used = true;
    fed.add(departure);
    const ground = drawGround(prng, low, Math.min(high, std - EARLIEST_ARRIVAL));
    plans.push({
      route: slot.route,
      domestic: departure.domestic,
      aircraftType: departure.aircraftType,
      terminal: departure.terminal,
      minutes: std - ground,
      onward: departure,
      returnOf: slot.returnOf,
    });
  }

  // The other arrivals bring the aircraft of the departures nobody fed: the evening before for
  // a home carrier's morning departures, else just before, across midnight.
  const unfed = byTime.filter((departure) => !fed.has(departure));
  for (const slot of slots.filter((s) => !s.used)) {
    const { route, returnOf } = slot;
    const candidates = unfed.filter(
      (departure) =>
        departure.airline === route.airline.iata && departure.domestic === returnOf.domestic,
    );
    const fitting = candidates.filter((departure) => typeFit(route, departure.aircraftType));
    const partner = fitting.includes(returnOf) ? returnOf : fitting[0];
    if (partner) {
      unfed.splice(unfed.indexOf(partner), 1);
      const std = departureMinutes(partner);
      const nightStop = homeCarrier(partner.airline) && std < NIGHT_STOP_DEPARTURES_BEFORE;
      const minutes = nightStop
        ? prng.weighted(NIGHT_STOP_ARRIVAL_HOURS) * 60 + prng.int(0, 11) * 5
        : (std - drawGround(prng, ...groundRange(partner.aircraftType)) + 1440) % 1440;
      plans.push({
        route,
        domestic: returnOf.domestic,
        aircraftType: partner.aircraftType,
        terminal: partner.terminal,
        minutes,
        onward: null,
        returnOf,
      });
      continue;
    }
    const hours = (returnOf.domestic ? DOMESTIC_HOURS : INTERNATIONAL_HOURS).map(
      (weight, hour) => [hour, weight] as const,
    );
    plans.push({
      route,
      domestic: returnOf.domestic,
      aircraftType: typeFit(route, returnOf.aircraftType)
        ? returnOf.aircraftType
        : prng.pick(route.equipment),
      terminal: returnOf.terminal,
      minutes: prng.weighted(hours) * 60 + prng.int(0, 11) * 5,
      onward: null,
      returnOf,
    });
  }
  return plans.sort(
    (a, b) =>
      a.minutes - b.minutes || a.returnOf.flightNumber.localeCompare(b.returnOf.flightNumber),
  );
}
