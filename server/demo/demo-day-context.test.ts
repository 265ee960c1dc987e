import { beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  codeLetterFor,
  compareCodeLetters,
  isWideBody,
  minimumTurnaroundMinutes,
} from '../../core/aircraft-categories';
import { isDelayCode } from '../../core/delay-codes';
import { isArrival, type Flight } from '../../core/flight';
import { GateConflictIndex } from '../../core/gate-conflict-index';
import { gateKey, gateListSchema } from '../../core/gates';
import { registrationSchema } from '../../core/protocol';
import gatesFile from '../../resources/demo/del-gates.json';
import { findAirline } from '../reference/reference-data';
import { createDemoDayContext, type DemoDayContext } from './demo-day-context';
import { demoFlightAt } from './demo-operations';
import { DEMO_TIME_ZONE } from './demo-schedule';
import { plannedDemoFlight, plannedDemoFlightsAround } from './demo-schedule-day';

const MINUTE = 60_000;
const gates = gateListSchema.parse(gatesFile.gates);
const gatesByKey = new Map(gates.map((gate) => [gateKey(gate.terminal, gate.gate), gate]));

interface Day {
  context: DemoDayContext;
  /** The three days around `date`, as they show at `now`. */
  at(now: Date): Flight[];
  /** The flights of `date` once the day is over. */
  done: Flight[];
}

async function dayAround(date: string): Promise<Day> {
  const planned = await plannedDemoFlightsAround(new Date(`${date}T06:00:00Z`));
  const context = createDemoDayContext(planned);
  const created = planned.map((flight) => plannedDemoFlight(flight, new Date(`${date}T00:00:00Z`)));
  const at = (now: Date) => created.map((flight) => demoFlightAt(flight, now, context));
  const over = DateTime.fromISO(date, { zone: DEMO_TIME_ZONE }).plus({ days: 1, hours: 14 });
  const done = at(over.toJSDate()).filter((flight) => flight.id.endsWith(date));
  return { context, at, done };
}

const delayOf = (flight: Flight) =>
  isArrival(flight)
    ? (Date.parse(flight.eta!) - Date.parse(flight.sta!)) / MINUTE
    : (Date.parse(flight.etd) - Date.parse(flight.std)) / MINUTE;

let november: Day;
let january: Day;

beforeAll(async () => {
  november = await dayAround('2026-11-21');
  january = await dayAround('2027-01-10');
});

describe('the demo operating day', () => {
  it('delays about 15% of departures, each with a delay code, and cancels about 3%', () => {
    for (const { done } of [november, january]) {
      const departures = done.filter((flight) => !isArrival(flight));
      const flying = departures.filter((flight) => flight.status !== 'CANCELLED');
      const delayed = flying.filter((flight) => delayOf(flight) > 0);
      expect(delayed.length / departures.length).toBeGreaterThanOrEqual(0.1);
      expect(delayed.length / departures.length).toBeLessThanOrEqual(0.2);
      for (const flight of delayed) {
        expect(isDelayCode(flight.delayCode!), flight.id).toBe(true);
        expect(delayOf(flight)).toBeGreaterThanOrEqual(5);
      }
      for (const flight of flying.filter((f) => delayOf(f) === 0)) {
        expect(flight.delayCode).toBeNull();
      }
      const cancelled = done.filter((flight) => flight.status === 'CANCELLED').length;
      expect(cancelled / done.length).toBeGreaterThanOrEqual(0.02);
      expect(cancelled / done.length).toBeLessThanOrEqual(0.06);
      expect(departures.every((f) => f.status === 'DEPARTED' || f.status === 'CANCELLED')).toBe(
        true,
      );
    }
  });

  it('brings arrivals in late, early and on time, without a delay code', () => {
    const arrivals = november.done.filter((f) => isArrival(f) && f.status === 'ON_BLOCK');
    const late = arrivals.filter((flight) => delayOf(flight) >= 10);
    const early = arrivals.filter((flight) => delayOf(flight) <= -5);
    expect(late.length / arrivals.length).toBeGreaterThan(0.1);
    expect(late.length / arrivals.length).toBeLessThan(0.2);
    expect(early.length / arrivals.length).toBeGreaterThan(0.15);
    expect(arrivals.every((flight) => flight.delayCode === null)).toBe(true);
  });

  it('delays a departure with code 93 when its late inbound cannot turn in time', () => {
    const byId = new Map(november.done.map((flight) => [flight.id, flight]));
    let rotations = 0;
    let propagated = 0;
    for (const arrival of november.done.filter(isArrival)) {
      const onwardId = november.context.plan(arrival.id)!.rotationId;
      if (!onwardId) continue;
      const departure = byId.get(onwardId)!;
      rotations += 1;
      expect(departure.registration).toBe(arrival.registration);
      if (arrival.status !== 'ON_BLOCK' || departure.status === 'CANCELLED') continue;
      expect(departure.gate).toBe(arrival.gate);
      expect(departure.stand).toBe(arrival.stand);
      const turn = Math.max(45, minimumTurnaroundMinutes(arrival.aircraftType));
      const ground = (Date.parse(departure.etd) - Date.parse(arrival.ata!)) / MINUTE;
      expect(ground, `${arrival.id} → ${departure.id}`).toBeGreaterThanOrEqual(turn);
      const absorbed = Date.parse(arrival.ata!) + turn * MINUTE <= Date.parse(departure.std);
      if (absorbed) continue;
      // Held for the inbound: 93, unless the departure was already later for its own reason.
      const earliest = Math.ceil((Date.parse(arrival.ata!) + turn * MINUTE) / (5 * MINUTE)) * 5;
      expect(delayOf(departure)).toBeGreaterThan(0);
      if (Date.parse(departure.etd) === earliest * MINUTE) {
        propagated += 1;
        expect(departure.delayCode).toBe('93');
      } else {
        expect(Date.parse(departure.etd)).toBeGreaterThan(earliest * MINUTE);
      }
    }
    expect(rotations).toBeGreaterThan(250);
    expect(propagated).toBeGreaterThan(10);
  });

  it('registers each aircraft by its country: VT- for Indian carriers, one tail a visit', () => {
    for (const { done, context } of [november, january]) {
      const tailsByAirline = new Map<string, Map<string, string>>();
      for (const flight of done) {
        const registration = flight.registration!;
        expect(registrationSchema.parse(registration)).toBe(registration);
        const indian = findAirline(flight.airline)?.country === 'India';
        expect(registration.startsWith('VT-'), `${flight.id} ${registration}`).toBe(indian);
        const visit = [flight.id, context.plan(flight.id)!.rotationId ?? ''].sort().join('+');
        const tails = tailsByAirline.get(flight.airline) ?? new Map<string, string>();
        tailsByAirline.set(flight.airline, tails);
        const owner = tails.get(registration);
        if (owner) expect(owner, `${registration} flies two visits`).toBe(visit);
        tails.set(registration, visit);
      }
    }
    const lufthansa = november.done.find((flight) => flight.airline === 'LH')!;
    expect(lufthansa.registration).toMatch(/^D-A[A-Z]{3}$/);
  });

  it('puts every flight at a gate of its terminal that takes it, wide-bodies on jet bridges', () => {
    for (const flight of november.done.filter((f) => f.status !== 'CANCELLED')) {
      const gate = gatesByKey.get(gateKey(flight.terminal, flight.gate!));
      expect(gate, `${flight.id} at ${flight.terminal} ${flight.gate}`).toBeDefined();
      const letter = codeLetterFor(flight.aircraftType) ?? 'C';
      expect(compareCodeLetters(gate!.maxCodeLetter, letter)).toBeGreaterThanOrEqual(0);
      if (isWideBody(flight.aircraftType)) expect(gate!.contact).toBe(true);
      expect(flight.stand).toMatch(gate!.contact ? /^[123]\d\d$/ : /^R[13]\d\d$/);
    }
  });

  it('has no gate conflicts at any time of the day, across midnight too', () => {
    for (const day of [november, january]) {
      for (const hours of [-20, -8, 0, 5, 9, 14, 18, 22, 30]) {
        const now = new Date(Date.parse('2026-11-21T00:00:00+05:30') + hours * 3_600_000);
        const when = day === november ? now : new Date(now.getTime() + 50 * 86_400_000);
        const index = new GateConflictIndex({ timeZone: DEMO_TIME_ZONE, gates });
        const flights = day.at(when);
        for (const flight of flights) index.upsert(flight);
        expect(flights.filter((flight) => index.holdOf(flight)).length).toBeGreaterThan(1500);
        expect(index.conflicts().map((conflict) => conflict.message)).toEqual([]);
      }
    }
  });

  it('gives arrivals belts of their terminal and spreads them over the belts', () => {
    const arrivals = november.done.filter((f) => isArrival(f) && f.status === 'ON_BLOCK');
    for (const flight of arrivals) {
      const belt = Number(flight.belt);
      if (flight.terminal === 'T3' && flight.originTimeZone !== DEMO_TIME_ZONE) {
        expect(belt).toBeGreaterThanOrEqual(7);
      } else {
        expect(belt).toBeLessThanOrEqual(flight.terminal === 'T1' ? 8 : 6);
      }
    }
    expect(new Set(arrivals.map((f) => `${f.terminal}/${f.belt}`)).size).toBeGreaterThanOrEqual(25);
  });

  it('blames fog in winter and diverts arrivals, cancelling their onward flights', () => {
    const { done, context } = january;
    expect(done.some((flight) => flight.delayCode === '71')).toBe(true);
    expect(done.some((flight) => /fog|visibility/i.test(flight.remark ?? ''))).toBe(true);
    const diverted = done.filter((flight) => flight.status === 'DIVERTED');
    expect(diverted.length).toBeGreaterThanOrEqual(3);
    for (const flight of diverted) {
      expect(flight.remark).toMatch(/^Diverted to [A-Z]{3}: fog at DEL$/);
      const onward = context.plan(flight.id)!.rotationId;
      if (onward) {
        const departure = done.find((f) => f.id === onward)!;
        expect(departure.status).toBe('CANCELLED');
        expect(departure.remark).toBe('Cancelled: inbound aircraft diverted');
      }
    }
    expect(november.done.filter((flight) => flight.delayCode === '71').length).toBeLessThan(
      done.filter((flight) => flight.delayCode === '71').length,
    );
  });
});
