import { beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { applyFlightChange } from '../../core/flight-change';
import { flightSchema, isArrival, type Flight } from '../../core/flight';
import { flightChangesSchema } from '../../core/protocol';
import type { PlannedFlight } from '../schedules/flight-instances';
import { createDemoDayContext, type DemoDayContext } from './demo-day-context';
import { demoFlightAt, demoOperations } from './demo-operations';
import { DEMO_TIME_ZONE } from './demo-schedule';
import { plannedDemoFlight, plannedDemoFlightsAround } from './demo-schedule-day';
import { createPrng } from './prng';

const DAY = '2026-11-21';
const CREATED = new Date('2026-11-20T00:00:00Z');
const MINUTE = 60_000;
/** Local times across the day, then the next noon, when the whole day is over. */
const NOWS = ['00:30', '05:00', '09:45', '15:00', '20:10', '23:55']
  .map((time) => DateTime.fromISO(`${DAY}T${time}`, { zone: DEMO_TIME_ZONE }).toJSDate())
  .concat(DateTime.fromISO('2026-11-22T12:00', { zone: DEMO_TIME_ZONE }).toJSDate());
const at = (time: Date) => ({ by: 'demo', at: time.toISOString() });
const here = (flight: Pick<Flight, 'direction' | 'std' | 'sta'>) =>
  Date.parse(isArrival(flight) ? flight.sta! : flight.std);

let planned: PlannedFlight[];
let context: DemoDayContext;
let created: Flight[];
let ofDay: Flight[];

beforeAll(async () => {
  planned = await plannedDemoFlightsAround(new Date(`${DAY}T06:00:00Z`));
  context = createDemoDayContext(planned);
  created = planned.map((flight) => plannedDemoFlight(flight, CREATED));
  ofDay = created.filter((flight) => flight.id.endsWith(DAY));
});

describe('demoOperations', () => {
  it('gives changes that pass applyFlightChange against the created flight, at any time', () => {
    expect(ofDay.length).toBeGreaterThan(700);
    for (const now of NOWS) {
      for (const flight of created) {
        const changes = demoOperations(flight, now, context);
        expect(flightChangesSchema.safeParse(changes).success, flight.id).toBe(true);
        const result = applyFlightChange(flight, changes, at(now));
        expect(result.ok ? null : `${flight.id}: ${result.message}`).toBeNull();
        if (result.ok) expect(flightSchema.safeParse(result.flight).success).toBe(true);
      }
    }
  });

  it('only moves flights forward: each later time applies on top of the earlier', () => {
    for (const flight of ofDay) {
      let current = flight;
      for (const now of NOWS) {
        const result = applyFlightChange(current, demoOperations(current, now, context), at(now));
        expect(
          result.ok ? null : `${flight.id} at ${now.toISOString()}: ${result.message}`,
        ).toBeNull();
        if (result.ok) current = result.flight;
      }
      // The day is over: applying once more changes nothing, unless a diversion needs its second step.
      const last = NOWS.at(-1)!;
      const again = applyFlightChange(current, demoOperations(current, last, context), at(last));
      expect(again.ok).toBe(true);
      if (again.ok && current.status !== 'AIRBORNE') expect(again.fields).toEqual({});
    }
  });

  it('is deterministic, whatever the order of the flights and the other days given', () => {
    const shuffled = createPrng('order').shuffle(planned);
    const onlyThisDay = planned.filter((flight) => flight.localDate === DAY);
    const contexts = [createDemoDayContext(shuffled), createDemoDayContext(onlyThisDay)];
    for (const now of [NOWS[3]!, NOWS[6]!]) {
      for (const flight of ofDay) {
        const expected = demoOperations(flight, now, context);
        for (const other of contexts) expect(demoOperations(flight, now, other)).toEqual(expected);
      }
    }
  });

  it('shows departures boarding, closing and leaving by the time to go, with atd once gone', () => {
    const seen = new Set<string>();
    for (const now of NOWS.slice(0, 6)) {
      for (const flight of ofDay.filter((f) => !isArrival(f))) {
        const shown = demoFlightAt(flight, now, context);
        seen.add(shown.status);
        const toGo = (Date.parse(shown.etd) - now.getTime()) / MINUTE;
        switch (shown.status) {
          case 'DEPARTED':
            expect(Date.parse(shown.atd!)).toBeLessThanOrEqual(now.getTime());
            expect(Date.parse(shown.atd!)).toBeGreaterThanOrEqual(
              Date.parse(shown.std) - 60 * MINUTE,
            );
            break;
          case 'SCHEDULED':
            expect(toGo).toBeGreaterThanOrEqual(40);
            expect(shown.atd).toBeNull();
            break;
          case 'CANCELLED':
            expect(shown.gate).toBeNull();
            expect(shown.remark).toMatch(/cancel/i);
            break;
          default:
            expect(toGo).toBeGreaterThan(-5);
            expect(toGo).toBeLessThan(50);
        }
        expect(shown.belt ?? null).toBeNull();
      }
    }
    expect([...seen].sort()).toEqual(
      ['BOARDING', 'CANCELLED', 'DEPARTED', 'FINAL_CALL', 'GATE_CLOSED', 'SCHEDULED'].sort(),
    );
  });

  it('shows arrivals airborne after they leave their origin, landed and on block with ata', () => {
    const seen = new Set<string>();
    const everyFiveMinutes = Array.from(
      { length: 12 * 24 },
      (_, i) => new Date(NOWS[0]!.getTime() + i * 5 * MINUTE),
    );
    for (const now of [...NOWS, ...everyFiveMinutes.filter((_, i) => i % 7 === 0)]) {
      for (const flight of ofDay.filter(isArrival)) {
        const shown = demoFlightAt(flight, now, context);
        seen.add(shown.status);
        const t = now.getTime();
        if (['AIRBORNE', 'LANDED', 'ON_BLOCK', 'DIVERTED'].includes(shown.status)) {
          expect(Date.parse(shown.atd!)).toBeLessThanOrEqual(t);
          expect(Date.parse(shown.atd!)).toBeLessThan(Date.parse(shown.eta!));
        } else {
          expect(shown.atd).toBeNull();
        }
        if (shown.status === 'ON_BLOCK') {
          expect(shown.ata).toBe(shown.eta);
          expect(Date.parse(shown.ata!)).toBeLessThanOrEqual(t);
        } else {
          expect(shown.ata).toBeNull();
        }
        if (shown.status === 'LANDED' || shown.status === 'ON_BLOCK') {
          expect(shown.belt).toMatch(/^\d{1,2}$/);
        } else {
          expect(shown.belt).toBeNull();
        }
        if (shown.status === 'SCHEDULED' || shown.status === 'AIRBORNE') {
          expect(Date.parse(shown.eta!)).toBeGreaterThan(t);
        }
      }
    }
    expect([...seen].sort()).toEqual(
      ['AIRBORNE', 'CANCELLED', 'DIVERTED', 'LANDED', 'ON_BLOCK', 'SCHEDULED'].sort(),
    );
  });

  it('takes a diverted arrival through AIRBORNE to DIVERTED', () => {
    const last = NOWS.at(-1)!;
    const diverted = ofDay.filter(isArrival).filter((flight) => context.plan(flight.id)!.divertAt);
    expect(diverted.length).toBeGreaterThan(0);
    for (const flight of diverted) {
      expect(demoOperations(flight, last, context).status).toBe('AIRBORNE');
      const shown = demoFlightAt(flight, last, context);
      expect(shown.status).toBe('DIVERTED');
      expect(shown.remark).toMatch(/^Diverted to [A-Z]{3}/);
    }
  });

  it('hides a fate until six hours before the movement (or its inbound is due to leave)', () => {
    const early = NOWS[0]!;
    let hidden = 0;
    for (const flight of ofDay) {
      const plan = context.plan(flight.id)!;
      expect(plan.revealAt).toBeLessThanOrEqual(here(flight) - 6 * 60 * MINUTE);
      if (plan.revealAt <= early.getTime()) continue;
      hidden += 1;
      const shown = demoFlightAt(flight, early, context);
      expect(shown.status).toBe('SCHEDULED');
      expect(isArrival(shown) ? shown.eta : shown.etd).toBe(
        isArrival(shown) ? shown.sta : shown.std,
      );
      expect(shown.delayCode).toBeNull();
      expect(shown.remark).toBeNull();
    }
    expect(hidden).toBeGreaterThan(500);
  });

  it('answers nothing for a flight it was not built with', () => {
    const stranger = { ...ofDay[0]!, id: 'D-XX0001-2026-11-21' };
    expect(demoOperations(stranger, NOWS[3]!, context)).toEqual({});
  });
});
