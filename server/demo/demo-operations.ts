/**
 * The demo's operating day at a given instant: for a flight as the schedule creates it, the
 * changes that make it show what a real day would at `now` (status, estimates, actual times,
 * delay code and remark, gate, stand, belt, registration). The day itself is planned once by
 * demo-day-context.ts; this only reads the plan against the clock, so it is pure and
 * deterministic, and the changes for a later `now` only ever move a flight forward.
 *
 * Every change passes `applyFlightChange` against the created flight, and against the flight as
 * an earlier `now` left it. One exception takes two steps: a diverted arrival must be AIRBORNE
 * before it can be DIVERTED, so for a SCHEDULED flight the first change makes it AIRBORNE and the
 * next call diverts it (`demoFlightAt` applies changes until nothing is left to change).
 */
import { applyFlightChange } from '../../core/flight-change';
import { flightDirection, type Flight, type FlightStatus } from '../../core/flight';
import type { FlightChanges } from '../../core/protocol';
import type { DemoDayContext, DemoFlightPlan } from './demo-day-context';

const MINUTE = 60_000;
/** An arrival is airborne this long after it leaves the gate at its origin. */
const TAXI_OUT_MS = 12 * MINUTE;
/** And it lands this long before it reaches the gate here. */
const TAXI_IN_MS = 6 * MINUTE;

const iso = (time: number) => new Date(time).toISOString();

/** A departure's status by minutes to go before its estimated off-block. */
export function departureStatusAt(minutesToGo: number, wide: boolean): FlightStatus {
  if (minutesToGo < 10) return 'GATE_CLOSED';
  if (minutesToGo < 20) return 'FINAL_CALL';
  if (minutesToGo < (wide ? 50 : 40)) return 'BOARDING';
  return 'SCHEDULED';
}

/**
 * The changes that bring `flight` to what the demo day shows at `now`. Empty when the context
 * does not know the flight. Fields are given whole each time; `applyFlightChange` drops those
 * already equal, so the result can be applied to the created flight or to one an earlier call
 * moved on.
 */
export function demoOperations(flight: Flight, now: Date, context: DemoDayContext): FlightChanges {
  const plan = context.plan(flight.id);
  if (!plan) return {};
  return flightDirection(flight) === 'arrival'
    ? arrivalAt(flight, plan, now.getTime())
    : departureAt(plan, now.getTime());
}

function departureAt(plan: DemoFlightPlan, now: number): FlightChanges {
  const changes: FlightChanges = { registration: plan.registration };
  if (plan.cancelAt !== null && now >= plan.cancelAt) {
    return { ...changes, status: 'CANCELLED', gate: null, stand: null, remark: plan.remark };
  }
  changes.gate = plan.gate;
  changes.stand = plan.stand;
  const revealed = now >= plan.revealAt;
  const etd = revealed ? plan.etd : plan.std;
  changes.etd = iso(etd);
  if (revealed && plan.delayCode) changes.delayCode = plan.delayCode;
  if (revealed && plan.remark) changes.remark = plan.remark;
  if (now >= plan.atd) {
    changes.status = 'DEPARTED';
    changes.atd = iso(plan.atd);
  } else {
    changes.status = departureStatusAt((etd - now) / MINUTE, plan.wide);
  }
  return changes;
}

function arrivalAt(flight: Flight, plan: DemoFlightPlan, now: number): FlightChanges {
  const changes: FlightChanges = { registration: plan.registration };
  if (plan.cancelAt !== null && now >= plan.cancelAt) {
    return { ...changes, status: 'CANCELLED', gate: null, stand: null, remark: plan.remark };
  }
  changes.gate = plan.gate;
  changes.stand = plan.stand;
  const revealed = now >= plan.revealAt;
  const sta = plan.sta ?? plan.std;
  const eta = revealed ? (plan.eta ?? sta) : sta;
  changes.eta = iso(eta);
  changes.etd = iso(revealed ? plan.etd : plan.std);
  const airborne = Math.min(plan.atd + TAXI_OUT_MS, eta - TAXI_IN_MS - MINUTE);
  if (plan.divertAt !== null && now >= plan.divertAt) {
    changes.atd = iso(plan.atd);
    if (flight.status === 'SCHEDULED') return { ...changes, status: 'AIRBORNE' };
    return { ...changes, status: 'DIVERTED', remark: plan.remark };
  }
  if (now >= eta) {
    return { ...changes, status: 'ON_BLOCK', atd: iso(plan.atd), ata: iso(eta), belt: plan.belt };
  }
  if (now >= eta - TAXI_IN_MS) {
    return { ...changes, status: 'LANDED', atd: iso(plan.atd), belt: plan.belt };
  }
  if (now >= airborne) return { ...changes, status: 'AIRBORNE', atd: iso(plan.atd) };
  return { ...changes, status: 'SCHEDULED' };
}

/**
 * The flight as the demo day shows it at `now`: `demoOperations` applied (through
 * `applyFlightChange`, as `by`) until nothing changes. Throws if a change is refused, which
 * would be a bug in the demo.
 */
export function demoFlightAt(
  flight: Flight,
  now: Date,
  context: DemoDayContext,
  by = 'demo',
): Flight {
  let current = flight;
  for (let step = 0; step < 3; step += 1) {
    const changes = demoOperations(current, now, context);
    if (Object.keys(changes).length === 0) return current;
    const result = applyFlightChange(current, changes, { by, at: now.toISOString() });
    if (!result.ok) throw new Error(`demo change to ${flight.id} refused: ${result.message}`);
    if (Object.keys(result.fields).length === 0) return current;
    current = result.flight;
  }
  return current;
}
