/**
 * What the demo's operating day holds for each flight, worked out once from the planned flights
 * (as the schedule creates them) and independent of the time of day: which arrival turns into
 * which departure, each flight's fate (on time, early, late, cancelled, diverted), the delay a
 * late inbound passes on to its onward departure (code 93), gates, stands, belts and
 * registrations. demo-operations.ts then shows as much of it as has happened at a given `now`.
 *
 * Every local day is planned on its own, from that day's flights sorted by time and id, so the
 * plan does not depend on the order flights are given in, nor on which other days are given.
 * Shares are spread evenly over a day: in each block of consecutive flights (or aircraft
 * visits) a fixed number get a fate, drawn from a generator seeded by the date and the block.
 */
import { minimumTurnaroundMinutes, isWideBody } from '../../core/aircraft-categories';
import { flightDirection, type Direction, type Flight } from '../../core/flight';
import { BOARDING_MINUTES, DEFAULT_GATE_BUFFER_MINUTES, type GateEntry } from '../../core/gates';
import { localDateOf, localDaySpan } from '../../core/local-day';
import { ROTATION_DELAY_CODE } from '../../core/turnarounds';
import gatesFile from '../../resources/demo/del-gates.json';
import { findAirport } from '../reference/reference-data';
import {
  ROTATION_DELAY_REMARK,
  cancellationRemark,
  delayLength,
  delayReasons,
  isFogSeason,
} from './demo-delays';
import { DemoBeltPlanner, DemoGatePlanner, type NightHalf, type Span } from './demo-resources';
import { DailyRegistrations } from './demo-registrations';
import { createPrng } from './prng';

/** A flight as the schedule creates it: its planned side (PlannedFlight and Flight both fit). */
export interface DemoPlannedFlight extends Pick<
  Flight,
  'id' | 'airline' | 'flightNumber' | 'origin' | 'destination' | 'std'
> {
  direction?: Direction;
  sta?: string | null;
  aircraftType?: string | null;
  terminal?: string | null;
  /** An arrival's onward departure here (PlannedFlight.onward); without it, no rotations. */
  onward?: { flightId: string | null } | null;
}

/** One flight's operating day, in epoch milliseconds. */
export interface DemoFlightPlan {
  id: string;
  direction: Direction;
  localDate: string;
  std: number;
  sta: number | null;
  /** From then on the flight's fate shows (its estimate, delay code, remark). */
  revealAt: number;
  /** A departure's estimated off-block here; an arrival's at its origin. */
  etd: number;
  /** A departure's off-block here; an arrival's at its origin. */
  atd: number;
  /** An arrival's estimated (and, once it passes, actual) on-block here. */
  eta: number | null;
  delayCode: string | null;
  remark: string | null;
  cancelAt: number | null;
  divertAt: number | null;
  gate: string | null;
  stand: string | null;
  belt: string | null;
  registration: string;
  wide: boolean;
  /** The other flight of the aircraft's visit: an arrival's onward departure, a departure's inbound. */
  rotationId: string | null;
}

export interface DemoDayContextOptions {
  /** This airport (default DEL) and its IANA zone (default Asia/Kolkata). */
  airport?: string;
  timeZone?: string;
  /** Default: resources/demo/del-gates.json. */
  gates?: readonly GateEntry[];
  bufferMinutes?: number;
}

export interface DemoDayContext {
  readonly timeZone: string;
  /** The flight's plan, or undefined for a flight the context was not built with. */
  plan(flightId: string): DemoFlightPlan | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A fate shows six hours before the movement here (an arrival's, an hour before it leaves). */
const REVEAL_BEFORE_MS = 6 * HOUR;
const ARRIVAL_REVEAL_BEFORE_DEPARTURE_MS = HOUR;
const CANCEL_BLOCK = 33;
const ARRIVAL_BLOCK = 20;
const LATE_ARRIVALS_PER_BLOCK = 3;
const EARLY_ARRIVALS_PER_BLOCK = 5;
const DEPARTURE_BLOCK = 20;
const OWN_DELAYS_PER_BLOCK = 1;
const DIVERSION_BLOCK = { fog: 60, otherwise: 250 };
const ALTERNATES = ['JAI', 'LKO', 'AMD', 'IXC'];
/** Night halves of the gate pools (demo-resources.ts): before 05:00, after 21:00. */
const EARLY_UNTIL_MS = 5 * HOUR;
const LATE_FROM_MS = 21 * HOUR;

const DEL_GATES = (gatesFile as { gates: GateEntry[] }).gates;

interface Visit {
  key: string;
  arrival?: DemoPlannedFlight;
  departure?: DemoPlannedFlight;
  first: number;
}

const ms = (iso: string) => Date.parse(iso);
const movement = (flight: DemoPlannedFlight) =>
  ms(flightDirection(flight) === 'arrival' ? (flight.sta ?? flight.std) : flight.std);
const ceilTo5 = (time: number) => Math.ceil(time / (5 * MINUTE)) * 5 * MINUTE;
const byTimeThenId = (a: { first: number; key: string }, b: { first: number; key: string }) =>
  a.first - b.first || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** `perBlock` of every `blockSize` consecutive items, drawn per block. */
function chooseInBlocks<T>(items: readonly T[], blockSize: number, perBlock: number, seed: string) {
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

export function createDemoDayContext(
  flights: readonly DemoPlannedFlight[],
  options: DemoDayContextOptions = {},
): DemoDayContext {
  const timeZone = options.timeZone ?? 'Asia/Kolkata';
  const hubCountry = findAirport(options.airport ?? 'DEL')?.country ?? null;
  const byDate = new Map<string, DemoPlannedFlight[]>();
  for (const flight of flights) {
    const date = localDateOf(movement(flight), timeZone);
    const list = byDate.get(date);
    if (list) list.push(flight);
    else byDate.set(date, [flight]);
  }
  const plans = new Map<string, DemoFlightPlan>();
  for (const [date, dayFlights] of byDate) {
    const day = new DayPlanner(date, dayFlights, {
      timeZone,
      hubCountry,
      gates: options.gates ?? DEL_GATES,
      bufferMinutes: options.bufferMinutes ?? DEFAULT_GATE_BUFFER_MINUTES,
    });
    for (const plan of day.plans()) plans.set(plan.id, plan);
  }
  return { timeZone, plan: (flightId) => plans.get(flightId) };
}

class DayPlanner {
  private readonly month: number;
  private readonly dayStart: number;
  private readonly visits: Visit[];
  private readonly out = new Map<string, DemoFlightPlan>();

  constructor(
    private readonly date: string,
    flights: DemoPlannedFlight[],
    private readonly options: {
      timeZone: string;
      hubCountry: string | null;
      gates: readonly GateEntry[];
      bufferMinutes: number;
    },
  ) {
    this.month = Number(date.slice(5, 7));
    this.dayStart = localDaySpan(date, options.timeZone).start;
    this.visits = pairVisits(flights);
  }

  plans(): DemoFlightPlan[] {
    const seed = `demo-operations:${this.date}`;
    const cancelled = chooseInBlocks(this.visits, CANCEL_BLOCK, 1, `${seed}:cancel`);
    const divertible = this.visits.filter((visit) => visit.arrival && !cancelled.has(visit));
    const diversionBlock = isFogSeason(this.month)
      ? DIVERSION_BLOCK.fog
      : DIVERSION_BLOCK.otherwise;
    const diverted = chooseInBlocks(divertible, diversionBlock, 1, `${seed}:divert`);
    const flying = this.visits.filter((v) => !cancelled.has(v) && !diverted.has(v));

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
      .sort((a, b) => movement(a) - movement(b) || (a.id < b.id ? -1 : 1));
    const delayed = chooseInBlocks(
      departures,
      DEPARTURE_BLOCK,
      OWN_DELAYS_PER_BLOCK,
      `${seed}:delay`,
    );

    for (const visit of this.visits) {
      const revealAt = Math.min(
        ...[visit.arrival, visit.departure].flatMap((flight) =>
          flight ? [revealTime(flight)] : [],
        ),
      );
      const fate = cancelled.has(visit) ? 'cancelled' : diverted.has(visit) ? 'diverted' : null;
      const arrival =
        visit.arrival &&
        this.planArrival(
          visit.arrival,
          revealAt,
          fate,
          late.has(visit.arrival),
          early.has(visit.arrival),
        );
      if (visit.departure) {
        this.planDeparture(visit.departure, revealAt, fate, delayed.has(visit.departure), arrival);
      }
      if (arrival && visit.departure) {
        arrival.rotationId = visit.departure.id;
        this.out.get(visit.departure.id)!.rotationId = arrival.id;
      }
    }
    this.assignResources();
    return [...this.out.values()];
  }

  private planArrival(
    flight: DemoPlannedFlight,
    revealAt: number,
    fate: 'cancelled' | 'diverted' | null,
    late: boolean,
    early: boolean,
  ): DemoFlightPlan {
    const prng = createPrng(`demo-operations:${flight.id}`);
    const std = ms(flight.std);
    const sta = movement(flight);
    // On time means at or a little before the scheduled time.
    let eta = sta + prng.int(-4, 0) * MINUTE;
    let originDelay = prng.int(0, 6);
    if (late) {
      const minutes = delayLength(prng);
      eta = sta + minutes * MINUTE;
      originDelay = Math.max(0, minutes + prng.int(-15, 5));
    } else if (early) {
      eta = sta - prng.int(5, 20) * MINUTE;
      originDelay = prng.int(0, 5);
    }
    const etd = std + originDelay * MINUTE;
    const plan = this.basePlan(flight, revealAt, etd, etd);
    plan.eta = eta;
    if (fate === 'cancelled') {
      plan.cancelAt = revealAt;
      plan.remark = cancellationRemark(prng, this.month);
    }
    if (fate === 'diverted') {
      plan.divertAt = Math.max(eta - 25 * MINUTE, etd + 20 * MINUTE);
      const alternate = prng.pick(ALTERNATES.filter((code) => code !== flight.origin));
      const why = isFogSeason(this.month) ? 'fog at DEL' : 'weather at DEL';
      plan.remark = `Diverted to ${alternate}: ${why}`;
    }
    this.out.set(plan.id, plan);
    return plan;
  }

  private planDeparture(
    flight: DemoPlannedFlight,
    revealAt: number,
    fate: 'cancelled' | 'diverted' | null,
    ownDelay: boolean,
    inbound: DemoFlightPlan | undefined,
  ): void {
    const prng = createPrng(`demo-operations:${flight.id}`);
    const std = ms(flight.std);
    let etd = std;
    let delayCode: string | null = null;
    let remark: string | null = null;
    if (ownDelay) {
      etd = std + delayLength(prng) * MINUTE;
      // A rotation delay (93) comes from a late inbound, below, not from the draw.
      const reasons = delayReasons(this.month).filter((r) => r.code !== ROTATION_DELAY_CODE);
      const reason = prng.weighted(reasons.map((entry) => [entry, entry.weight] as const));
      delayCode = reason.code;
      if (prng.chance(0.45)) remark = prng.pick(reason.remarks);
    }
    if (inbound?.eta != null && fate === null) {
      // The aircraft must be at the gate before boarding starts and turn in its minimum time.
      const turn = Math.max(BOARDING_MINUTES, minimumTurnaroundMinutes(flight.aircraftType));
      const earliest = ceilTo5(inbound.eta + turn * MINUTE);
      if (earliest > etd) {
        etd = earliest;
        delayCode = ROTATION_DELAY_CODE;
        remark = prng.chance(0.45) ? ROTATION_DELAY_REMARK : null;
      }
    }
    const atd = etd + prng.int(-1, 4) * MINUTE;
    const plan = this.basePlan(flight, revealAt, etd, atd);
    plan.delayCode = delayCode;
    plan.remark = remark;
    if (fate === 'cancelled') {
      plan.cancelAt = revealAt;
      plan.remark = cancellationRemark(prng, this.month);
    } else if (fate === 'diverted' && inbound?.divertAt != null) {
      plan.cancelAt = inbound.divertAt;
      plan.remark = 'Cancelled: inbound aircraft diverted';
    }
    this.out.set(plan.id, plan);
  }

  private basePlan(
    flight: DemoPlannedFlight,
    revealAt: number,
    etd: number,
    atd: number,
  ): DemoFlightPlan {
    return {
      id: flight.id,
      direction: flightDirection(flight),
      localDate: this.date,
      std: ms(flight.std),
      sta: flight.sta ? ms(flight.sta) : null,
      revealAt,
      etd,
      atd,
      eta: null,
      delayCode: null,
      remark: null,
      cancelAt: null,
      divertAt: null,
      gate: null,
      stand: null,
      belt: null,
      registration: '',
      wide: isWideBody(flight.aircraftType),
      rotationId: null,
    };
  }

  /** Gates and stands, then belts, then registrations, each visit in time order. */
  private assignResources(): void {
    const gates = new DemoGatePlanner(this.options.gates, this.options.bufferMinutes);
    const belts = new DemoBeltPlanner();
    const registrations = new DailyRegistrations(this.date);
    const requests = this.visits.map((visit) => ({ visit, ...this.spansOf(visit) }));
    requests.sort(
      (a, b) => a.gateSpan.start - b.gateSpan.start || (a.visit.key < b.visit.key ? -1 : 1),
    );
    for (const { visit, gateSpan, standSpan } of requests) {
      const flight = (visit.departure ?? visit.arrival)!;
      const resources = gates.assign({
        key: visit.key,
        terminal: flight.terminal ?? null,
        domestic: this.isDomestic(flight),
        aircraftType: flight.aircraftType ?? null,
        gateSpan,
        standSpan,
        night: this.nightHalf(gateSpan, standSpan),
      });
      for (const member of [visit.arrival, visit.departure]) {
        if (!member) continue;
        const plan = this.out.get(member.id)!;
        plan.gate = resources.gate;
        plan.stand = resources.stand;
      }
    }
    for (const visit of [...this.visits].sort(byTimeThenId)) {
      const flight = (visit.arrival ?? visit.departure)!;
      const registration = registrations.take(flight.airline, flight.aircraftType, visit.key);
      for (const member of [visit.arrival, visit.departure]) {
        if (member) this.out.get(member.id)!.registration = registration;
      }
      if (!visit.arrival) continue;
      const plan = this.out.get(visit.arrival.id)!;
      if (plan.cancelAt !== null || plan.divertAt !== null) continue;
      const onBlock = plan.eta!;
      const bags = { start: onBlock + 5 * MINUTE, end: onBlock + (plan.wide ? 50 : 35) * MINUTE };
      const domestic = this.isDomestic(visit.arrival);
      plan.belt = belts.assign(visit.key, visit.arrival.terminal ?? null, domestic, bags);
    }
  }

  /** Every span a visit may hold its gate (before and after its fate shows) and its stand. */
  private spansOf(visit: Visit): { gateSpan: Span; standSpan: Span } {
    const holds: Span[] = [];
    let standStart = Infinity;
    let standEnd = -Infinity;
    if (visit.arrival) {
      const plan = this.out.get(visit.arrival.id)!;
      const sta = plan.sta ?? plan.std;
      const eta = plan.eta ?? sta;
      holds.push({ start: Math.min(sta, eta), end: Math.max(sta, eta) + 20 * MINUTE });
      standStart = Math.min(sta, eta);
      standEnd = Math.max(sta, eta) + 60 * MINUTE;
    }
    if (visit.departure) {
      const plan = this.out.get(visit.departure.id)!;
      const end = Math.max(plan.std, plan.etd, plan.atd);
      holds.push({ start: plan.std - BOARDING_MINUTES * MINUTE, end });
      standStart = Math.min(standStart, plan.std - 60 * MINUTE);
      standEnd = end;
    }
    const gateSpan = {
      start: Math.min(...holds.map((h) => h.start)),
      end: Math.max(...holds.map((h) => h.end)),
    };
    return { gateSpan, standSpan: { start: standStart, end: standEnd } };
  }

  private nightHalf(gateSpan: Span, standSpan: Span): NightHalf {
    const start = Math.min(gateSpan.start, standSpan.start) - this.dayStart;
    const end = Math.max(gateSpan.end, standSpan.end) - this.dayStart;
    if (start < EARLY_UNTIL_MS) return 'early';
    if (end > LATE_FROM_MS) return 'late';
    return null;
  }

  private isDomestic(flight: DemoPlannedFlight): boolean {
    const other = flightDirection(flight) === 'arrival' ? flight.origin : flight.destination;
    return (
      this.options.hubCountry !== null && findAirport(other)?.country === this.options.hubCountry
    );
  }
}

function revealTime(flight: DemoPlannedFlight): number {
  const here = movement(flight) - REVEAL_BEFORE_MS;
  if (flightDirection(flight) === 'departure') return here;
  return Math.min(here, ms(flight.std) - ARRIVAL_REVEAL_BEFORE_DEPARTURE_MS);
}

/** An arrival and the onward departure the same aircraft flies that day are one visit. */
function pairVisits(flights: readonly DemoPlannedFlight[]): Visit[] {
  const sorted = [...flights].sort((a, b) => movement(a) - movement(b) || (a.id < b.id ? -1 : 1));
  const byId = new Map(sorted.map((flight) => [flight.id, flight]));
  const paired = new Set<string>();
  const visits: Visit[] = [];
  for (const arrival of sorted) {
    if (flightDirection(arrival) !== 'arrival') continue;
    const onwardId = arrival.onward?.flightId;
    const departure = onwardId ? byId.get(onwardId) : undefined;
    const turns =
      departure !== undefined &&
      flightDirection(departure) === 'departure' &&
      !paired.has(departure.id) &&
      departure.airline === arrival.airline &&
      ms(departure.std) > movement(arrival);
    if (turns) paired.add(departure.id);
    visits.push({
      key: arrival.id,
      arrival,
      departure: turns ? departure : undefined,
      first: movement(arrival),
    });
  }
  for (const departure of sorted) {
    if (flightDirection(departure) !== 'departure' || paired.has(departure.id)) continue;
    visits.push({ key: departure.id, departure, first: movement(departure) });
  }
  return visits.sort(byTimeThenId);
}
