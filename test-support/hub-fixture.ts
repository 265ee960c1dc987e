import type { Flight } from '../core';
import type { HubSeed } from '../server/store/data-folder';

/** Password of every fixture user. */
export const FIXTURE_PASSWORD = 'demo';

/** A small, fixed airport for hub tests: four departures around `now`, users of every role. */
export function fixtureSeed(now: Date = new Date()): HubSeed {
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const flight = (fields: Partial<Flight> & Pick<Flight, 'id' | 'flightNumber' | 'airline'>) => ({
    origin: 'DEL',
    destination: 'BOM',
    std: at(60),
    etd: at(60),
    gate: null,
    status: 'SCHEDULED' as const,
    delayCode: null,
    remark: null,
    version: 0,
    updatedAt: now.toISOString(),
    updatedBy: null,
    originTimeZone: 'Asia/Kolkata',
    ...fields,
  });
  return {
    airport: {
      iata: 'DEL',
      name: 'Indira Gandhi International',
      city: 'Delhi',
      timeZone: 'Asia/Kolkata',
    },
    flights: [
      flight({
        id: 'f-6e2134',
        flightNumber: '6E 2134',
        airline: '6E',
        gate: '42B',
        std: at(45),
        etd: at(45),
      }),
      flight({
        id: 'f-ai865',
        flightNumber: 'AI 865',
        airline: 'AI',
        gate: '12',
        destination: 'BLR',
      }),
      flight({
        id: 'f-uk955',
        flightNumber: 'UK 955',
        airline: 'UK',
        gate: '30',
        std: at(120),
        etd: at(120),
      }),
      flight({
        id: 'f-sg8169',
        flightNumber: 'SG 8169',
        airline: 'SG',
        destination: 'GOI',
        status: 'BOARDING',
        gate: '7',
      }),
    ],
    users: [
      { username: 'agent1', password: FIXTURE_PASSWORD, role: 'agent' },
      { username: 'agent2', password: FIXTURE_PASSWORD, role: 'agent' },
      { username: 'super', password: FIXTURE_PASSWORD, role: 'supervisor' },
      { username: 'board', password: FIXTURE_PASSWORD, role: 'viewer' },
      // Scoped agent: IndiGo only, gates 42A–42C.
      {
        username: 'agent6e',
        password: FIXTURE_PASSWORD,
        role: 'agent',
        scope: { airlines: ['6E'], gates: ['42A', '42B', '42C'] },
      },
    ],
  };
}
