import { describe, expect, it } from 'vitest';
import { linkTurnarounds, type Flight } from '../../core';
import { readCsvSchedule } from '../schedules/csv-reader';
import { expandLegs } from '../schedules/flight-instances';
import { flightFromPlan } from './planned-flights';

const SCHEDULE = [
  'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type,onward_airline,onward_flight_number',
  'XX,102,BOM,DEL,06:00,08:05,2026-11-01,2026-12-31,1234567,320,XX,101',
  'XX,101,DEL,BOM,09:10,11:20,2026-11-01,2026-12-31,1234567,320,,',
].join('\n');

async function flightsOn(date: string): Promise<Flight[]> {
  const read = await readCsvSchedule(SCHEDULE, { airport: 'DEL' });
  expect(read.errors).toEqual([]);
  return expandLegs(read.legs, { airport: 'DEL', from: date, to: date }).map((plan) =>
    flightFromPlan(plan, '2026-11-28T00:00:00.000Z'),
  );
}

describe('flights made from the schedule', () => {
  it("carry an arrival's onward flight, which links the turnaround without registrations", async () => {
    const flights = await flightsOn('2026-11-28');
    const arrival = flights.find((flight) => flight.id === 'A-XX0102-2026-11-28');
    expect(arrival?.onward).toEqual({ airline: 'XX', number: '101' });
    expect(flights.find((flight) => flight.id === 'D-XX0101-2026-11-28')?.onward).toBeUndefined();

    const onward = new Map(flights.flatMap((f) => (f.onward ? [[f.id, f.onward] as const] : [])));
    expect(linkTurnarounds(flights, { onward })).toEqual([
      {
        arrivalId: 'A-XX0102-2026-11-28',
        departureId: 'D-XX0101-2026-11-28',
        via: 'onward',
        minimumTurnaroundMinutes: 35,
      },
    ]);
  });
});
