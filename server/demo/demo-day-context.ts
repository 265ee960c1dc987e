/**
 * What the demo's operating day holds for each flight, worked out once from the planned flights
 * (as the schedule creates them) and independent of the time of day: which arrival turns into
 * which departure, each flight's fate (on time, early, late, cancelled, diverted), the delay a
 * late inbound passes on to its onward departure (code 93), gates, stands, belts and
 * registrations. demo-operations.ts then shows as much of it as has happened at a given `now`.
 *
 * Every local day is planned on its own, from that day's flights sorted by time and id, so the
 * plan depends neither on the order flights are given in nor on which other days are given; give
 * whole days (expandLegs' output), as the shares are the day's. They are spread evenly over the
 * day: in each block of consecutive visits (or flights) a fixed number get a fate, drawn from a
 * generator seeded by the date and the block.
 */
import { BOARDING_MINUTES, DEFAULT_GATE_BUFFER_MINUTES, type GateEntry } from '../../core/gates';
import { flightDirection } from '../../core/flight';
import { localDateOf, localDaySpan } from '../../core/local-day';
import gatesFile from '../../resources/demo/del-gates.json';
import { findAirport } from '../reference/reference-data';
import { isFogSeason } from './demo-delays';
import {
  planArrival,
  planDeparture,
  type DemoFlightPlan,
  type VisitFate,
} from './demo-flight-plans';
import { DailyRegistrations } from './demo-registrations';
import { DemoBeltPlanner, DemoGatePlanner, type NightHalf, type Span } from './demo-resources';
import {
  byMovementThenId,
  byTimeThenId,
  movementTime,
  pairVisits,
  visitRevealAt,
  type DemoPlannedFlight,
  type Visit,
} from './demo-visits';
import { createPrng } from './prng';

export type { DemoFlightPlan } from './demo-flight-plans';
export type { DemoPlannedFlight } from './demo-visits';

export interface DemoDayContextOptions {
  /** This airport (default DEL) and its IANA zone (default Asia/Kolkata). */
  airport?: string;
  timeZone?: string;
  /** Default: resources/demo/del-gates.json. */
  gates?: readonly GateEntry[];
  /** `JETBRIDGE_GATE_BUFFER_MIN`, default 15. */
  bufferMinutes?: number;
}

export interface DemoDayContext {
  readonly timeZone: string;
  /** The flight's plan, or undefined for a flight the context was not built with. */
  plan(flightId: string): DemoFlightPlan | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Shares of the day: 1 visit in 33 cancelled (3%), arrivals 3 in 20 late and 5 in 20 early. */
const CANCEL_BLOCK = 33;
const ARRIVAL_BLOCK = 20;
const LATE_ARRIVALS_PER_BLOCK = 3;
const EARLY_ARRIVALS_PER_BLOCK = 5;
/** Departures' own delays (1 in 20); late inbounds add about as many again (code 93). */
const DEPARTURE_BLOCK = 20;
const OWN_DELAYS_PER_BLOCK = 1;
/** One diverted arrival in so many visits: Delhi's winter fog diverts many more. */
const DIVERSION_BLOCK = { fog: 60, otherwise: 250 };
/** Night halves of the pools (demo-resources.ts): visits before 05:00 and after 21:00. */
const EARLY_UNTIL_MS = 5 * HOUR;
const LATE_FROM_MS = 21 * HOUR;

const DEL_GATES = (gatesFile as { gates: GateEntry[] }).gates;

/** `perBlock` of every `blockSize` consecutive items, drawn per block. */
function chooseInBlocks<T>(
  items: readonly T[],
  blockSize: number,
  perBlock: number,
  seed: string,
): Set<T> {
  const chosen = new Set<T>();
  for (let start = 0; start < items.length; start += blockSize) {
    const block = items.slice(start, start + blockSize);
    const wanted = Math.round((perBlock * block.length) / blockSize);
    for (const item of createPrng(`${seed}:${start}`).shuffle(block).slice(0, wanted)) {
      chosen.add(item);
    }
  }
  return chosen;
}

/**
 * Plans the operating days of the given planned flights (one or more whole local days). Costs
 * some 30–60 ms a day of about 780 flights, most of it gates.
 */
export function createDemoDayContext(
  flights: readonly DemoPlannedFlight[],
  options: DemoDayContextOptions = {},
): DemoDayContext {
  const timeZone = options.timeZone ?? 'Asia/Kolkata';
  const settings: DaySettings = {
    timeZone,
    hubCountry: findAirport(options.airport ?? 'DEL')?.country ?? null,
    gates: options.gates ?? DEL_GATES,
    bufferMinutes: options.bufferMinutes ?? DEFAULT_GATE_BUFFER_MINUTES,
  };
  const byDate = new Map<string, DemoPlannedFlight[]>();
  for (const flight of flights) {
    const date = localDateOf(movementTime(flight), timeZone);
    const list = byDate.get(date);
    if (list) list.push(flight);
    else byDate.set(date, [flight]);
  }
  const plans = new Map<string, DemoFlightPlan>();
  for (const [date, dayFlights] of byDate) {
    for (const plan of planDay(date, dayFlights, settings)) plans.set(plan.id, plan);
  }
  return { timeZone, plan: (flightId) => plans.get(flightId) };
}

interface DaySettings {
  timeZone: string;
  hubCountry: string | null;
  gates: readonly GateEntry[];
  bufferMinutes: number;
}

function planDay(date: string, flights: DemoPlannedFlight[], settings: DaySettings) {
  const visits = pairVisits(flights);
  const seed = `demo-operations:${date}`;
  const cancelled = chooseInBlocks(visits, CANCEL_BLOCK, 1, `${seed}:cancel`);
  const divertible = visits.filter((visit) => visit.arrival && !cancelled.has(visit));
  const diversionBlock =
    DIVERSION_BLOCK[isFogSeason(Number(date.slice(5, 7))) ? 'fog' : 'otherwise'];
  const diverted = chooseInBlocks(divertible, diversionBlock, 1, `${seed}:divert`);
  const flying = visits.filter((visit) => !cancelled.has(visit) && !diverted.has(visit));
  const arrivals = flying.flatMap((visit) => (visit.arrival ? [visit.arrival] : []));
  const late = chooseInBlocks(arrivals, ARRIVAL_BLOCK, LATE_ARRIVALS_PER_BLOCK, `${seed}:late`);
  const early = chooseInBlocks(
    arrivals.filter((arrival) => !late.has(arrival)),
    ARRIVAL_BLOCK,
    EARLY_ARRIVALS_PER_BLOCK,
    `${seed}:early`,
  );
  const departures = flying
    .flatMap((visit) => (visit.departure ? [visit.departure] : []))
    .sort(byMovementThenId);
  const delayed = chooseInBlocks(
    departures,
    DEPARTURE_BLOCK,
    OWN_DELAYS_PER_BLOCK,
    `${seed}:delay`,
  );

  const plans = new Map<string, DemoFlightPlan>();
  for (const visit of visits) {
    const fate: VisitFate = cancelled.has(visit)
      ? 'cancelled'
      : diverted.has(visit)
        ? 'diverted'
        : null;
    const input = { localDate: date, revealAt: visitRevealAt(visit), fate };
    const arrival =
      visit.arrival &&
      planArrival(visit.arrival, {
        ...input,
        late: late.has(visit.arrival),
        early: early.has(visit.arrival),
      });
    const departure =
      visit.departure &&
      planDeparture(visit.departure, {
        ...input,
        ownDelay: delayed.has(visit.departure),
        inbound: arrival,
      });
    if (arrival && departure) {
      arrival.rotationId = departure.id;
      departure.rotationId = arrival.id;
    }
    for (const plan of [arrival, departure]) if (plan) plans.set(plan.id, plan);
  }
  assignResources(date, visits, plans, settings);
  return [...plans.values()];
}

/** Gates and stands (visits in the order they take their gates), then registrations and belts. */
function assignResources(
  date: string,
  visits: readonly Visit[],
  plans: ReadonlyMap<string, DemoFlightPlan>,
  settings: DaySettings,
): void {
  const dayStart = localDaySpan(date, settings.timeZone).start;
  const planOf = (flight: DemoPlannedFlight) => plans.get(flight.id)!;
  const membersOf = (visit: Visit) =>
    [visit.arrival, visit.departure].flatMap((flight) => (flight ? [planOf(flight)] : []));
  const isDomestic = (flight: DemoPlannedFlight) => {
    const other = flightDirection(flight) === 'arrival' ? flight.origin : flight.destination;
    return settings.hubCountry !== null && findAirport(other)?.country === settings.hubCountry;
  };

  const gates = new DemoGatePlanner(settings.gates, settings.bufferMinutes);
  const requests = visits.map((visit) => ({ visit, ...spansOf(visit, planOf) }));
  requests.sort(
    (a, b) => a.gateSpan.start - b.gateSpan.start || (a.visit.key < b.visit.key ? -1 : 1),
  );
  for (const { visit, gateSpan, standSpan } of requests) {
    const flight = (visit.departure ?? visit.arrival)!;
    const { gate, stand } = gates.assign({
      key: visit.key,
      terminal: flight.terminal ?? null,
      domestic: isDomestic(flight),
      aircraftType: flight.aircraftType ?? null,
      gateSpan,
      standSpan,
      night: nightHalf(gateSpan, standSpan, dayStart),
    });
    for (const plan of membersOf(visit)) Object.assign(plan, { gate, stand });
  }

  const registrations = new DailyRegistrations(date);
  const belts = new DemoBeltPlanner();
  for (const visit of [...visits].sort(byTimeThenId)) {
    const flight = (visit.arrival ?? visit.departure)!;
    const registration = registrations.take(flight.airline, flight.aircraftType, visit.key);
    for (const plan of membersOf(visit)) plan.registration = registration;
    if (!visit.arrival) continue;
    const arrival = planOf(visit.arrival);
    if (arrival.cancelAt !== null || arrival.divertAt !== null) continue;
    const onBlock = arrival.eta!;
    const bags = { start: onBlock + 5 * MINUTE, end: onBlock + (arrival.wide ? 50 : 35) * MINUTE };
    arrival.belt = belts.assign(
      visit.key,
      visit.arrival.terminal ?? null,
      isDomestic(visit.arrival),
      bags,
    );
  }
}

/** Every span a visit may hold its gate (before and after its fate shows), and its stand. */
function spansOf(
  visit: Visit,
  planOf: (flight: DemoPlannedFlight) => DemoFlightPlan,
): { gateSpan: Span; standSpan: Span } {
  const holds: Span[] = [];
  let standStart = Infinity;
  let standEnd = -Infinity;
  if (visit.arrival) {
    const plan = planOf(visit.arrival);
    const sta = plan.sta ?? plan.std;
    const eta = plan.eta ?? sta;
    holds.push({ start: Math.min(sta, eta), end: Math.max(sta, eta) + 20 * MINUTE });
    standStart = Math.min(sta, eta);
    standEnd = Math.max(sta, eta) + 60 * MINUTE;
  }
  if (visit.departure) {
    const plan = planOf(visit.departure);
    const end = Math.max(plan.std, plan.etd, plan.atd);
    holds.push({ start: plan.std - BOARDING_MINUTES * MINUTE, end });
    standStart = Math.min(standStart, plan.std - 60 * MINUTE);
    standEnd = end;
  }
  const gateSpan = {
    start: Math.min(...holds.map((hold) => hold.start)),
    end: Math.max(...holds.map((hold) => hold.end)),
  };
  return { gateSpan, standSpan: { start: standStart, end: standEnd } };
}

function nightHalf(gateSpan: Span, standSpan: Span, dayStart: number): NightHalf {
  if (Math.min(gateSpan.start, standSpan.start) - dayStart < EARLY_UNTIL_MS) return 'early';
  if (Math.max(gateSpan.end, standSpan.end) - dayStart > LATE_FROM_MS) return 'late';
  return null;
}
