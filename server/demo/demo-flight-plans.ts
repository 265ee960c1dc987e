/**
 * One flight's operating day, once its fate is drawn: the times an arrival leaves its origin and
 * reaches the gate here, a departure's estimate, delay code and remark (a late inbound holds it
 * with code 93), and when a cancellation or diversion shows. Gates, stands, belts and the
 * registration are filled in afterwards, per visit (demo-day-context.ts).
 */
import { isWideBody, minimumTurnaroundMinutes } from '../../core/aircraft-categories';
import { flightDirection, type Direction } from '../../core/flight';
import { BOARDING_MINUTES } from '../../core/gates';
import { ROTATION_DELAY_CODE } from '../../core/turnarounds';
import {
  ROTATION_DELAY_REMARK,
  cancellationRemark,
  delayLength,
  delayReasons,
  isFogSeason,
} from './demo-delays';
import type { DemoPlannedFlight } from './demo-visits';
import { movementTime } from './demo-visits';
import { createPrng } from './prng';

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

/** What happens to a whole visit. */
export type VisitFate = 'cancelled' | 'diverted' | null;

export interface FateInput {
  localDate: string;
  revealAt: number;
  fate: VisitFate;
}

const MINUTE = 60_000;
const ALTERNATES = ['JAI', 'LKO', 'AMD', 'IXC'];

const ceilTo5 = (time: number) => Math.ceil(time / (5 * MINUTE)) * 5 * MINUTE;
const monthOf = (localDate: string) => Number(localDate.slice(5, 7));

function basePlan(flight: DemoPlannedFlight, input: FateInput, etd: number, atd: number) {
  const plan: DemoFlightPlan = {
    id: flight.id,
    direction: flightDirection(flight),
    localDate: input.localDate,
    std: Date.parse(flight.std),
    sta: flight.sta ? Date.parse(flight.sta) : null,
    revealAt: input.revealAt,
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
  return plan;
}

/** An arrival: on time (at or a little before sta), `late`, or `early`. */
export function planArrival(
  flight: DemoPlannedFlight,
  input: FateInput & { late: boolean; early: boolean },
): DemoFlightPlan {
  const prng = createPrng(`demo-operations:${flight.id}`);
  const month = monthOf(input.localDate);
  const std = Date.parse(flight.std);
  const sta = movementTime(flight);
  let eta = sta + prng.int(-4, 0) * MINUTE;
  let originDelay = prng.int(0, 6);
  if (input.late) {
    const minutes = delayLength(prng);
    eta = sta + minutes * MINUTE;
    originDelay = Math.max(0, minutes + prng.int(-15, 5));
  } else if (input.early) {
    eta = sta - prng.int(5, 20) * MINUTE;
    originDelay = prng.int(0, 5);
  }
  const etd = std + originDelay * MINUTE;
  const plan = basePlan(flight, input, etd, etd);
  plan.eta = eta;
  if (input.fate === 'cancelled') {
    plan.cancelAt = input.revealAt;
    plan.remark = cancellationRemark(prng, month);
  }
  if (input.fate === 'diverted') {
    plan.divertAt = Math.max(eta - 25 * MINUTE, etd + 20 * MINUTE);
    const alternate = prng.pick(ALTERNATES.filter((code) => code !== flight.origin));
    const why = isFogSeason(month) ? 'fog at DEL' : 'weather at DEL';
    plan.remark = `Diverted to ${alternate}: ${why}`;
  }
  return plan;
}

/**
 * A departure, delayed for its own reason when `ownDelay`, and held for its inbound (the
 * arrival of its visit) when that arrives too late to turn in time.
 */
export function planDeparture(
  flight: DemoPlannedFlight,
  input: FateInput & { ownDelay: boolean; inbound: DemoFlightPlan | undefined },
): DemoFlightPlan {
  const prng = createPrng(`demo-operations:${flight.id}`);
  const month = monthOf(input.localDate);
  const std = Date.parse(flight.std);
  let etd = std;
  let delayCode: string | null = null;
  let remark: string | null = null;
  if (input.ownDelay) {
    etd = std + delayLength(prng) * MINUTE;
    // A rotation delay (93) comes from a late inbound, below, not from the draw.
    const reasons = delayReasons(month).filter((r) => r.code !== ROTATION_DELAY_CODE);
    const reason = prng.weighted(reasons.map((entry) => [entry, entry.weight] as const));
    delayCode = reason.code;
    if (prng.chance(0.45)) remark = prng.pick(reason.remarks);
  }
  const { inbound } = input;
  if (inbound?.eta != null && input.fate === null) {
    // The aircraft must reach the gate before boarding starts, and turn in its minimum time.
    const turn = Math.max(BOARDING_MINUTES, minimumTurnaroundMinutes(flight.aircraftType));
    const earliest = ceilTo5(inbound.eta + turn * MINUTE);
    if (earliest > etd) {
      etd = earliest;
      delayCode = ROTATION_DELAY_CODE;
      remark = prng.chance(0.45) ? ROTATION_DELAY_REMARK : null;
    }
  }
  const plan = basePlan(flight, input, etd, etd + prng.int(-1, 4) * MINUTE);
  plan.delayCode = delayCode;
  plan.remark = remark;
  if (input.fate === 'cancelled') {
    plan.cancelAt = input.revealAt;
    plan.remark = cancellationRemark(prng, month);
  } else if (input.fate === 'diverted' && inbound?.divertAt != null) {
    plan.cancelAt = inbound.divertAt;
    plan.remark = 'Cancelled: inbound aircraft diverted';
  }
  return plan;
}
