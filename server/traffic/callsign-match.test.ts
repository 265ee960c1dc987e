import { describe, expect, it } from 'vitest';
import type { Flight } from '../../core/flight';
import {
  LiveFlightIndex,
  MAX_MATCH_GAP_MS,
  matchCallsign,
  parseCallsign,
  type AirlineByIcao,
} from './callsign-match';

const NOW = Date.parse('2026-11-21T10:00:00.000Z');
const at = (minutes: number): string => new Date(NOW + minutes * 60_000).toISOString();

const AIRLINES: Record<string, string> = { IGO: '6E', AIC: 'AI', VTI: 'UK', BAW: 'BA' };
const airlineByIcao: AirlineByIcao = (icao) =>
  AIRLINES[icao] ? { iata: AIRLINES[icao] } : icao === 'XXX' ? { iata: null } : undefined;

function flight(fields: Partial<Flight> & Pick<Flight, 'id' | 'flightNumber' | 'airline'>): Flight {
  return {
    origin: 'DEL',
    destination: 'BOM',
    std: at(60),
    etd: at(60),
    sta: at(190),
    gate: null,
    status: 'SCHEDULED',
    delayCode: null,
    remark: null,
    version: 1,
    updatedAt: at(-600),
    updatedBy: null,
    ...fields,
  };
}

const match = (index: LiveFlightIndex, callsign: string | null, now = NOW) =>
  matchCallsign(callsign, now, index, airlineByIcao)?.id;

describe('parsing callsigns', () => {
  it.each([
    ['IGO2134 ', { airlineIcao: 'IGO', number: '2134', suffix: '' }],
    ['igo2134', { airlineIcao: 'IGO', number: '2134', suffix: '' }],
    ['AIC0101', { airlineIcao: 'AIC', number: '101', suffix: '' }],
    ['BAW12A  ', { airlineIcao: 'BAW', number: '12', suffix: 'A' }],
    ['AIC0', { airlineIcao: 'AIC', number: '0', suffix: '' }],
  ])('reads %j', (callsign, parsed) => {
    expect(parseCallsign(callsign)).toEqual(parsed);
  });

  it.each(['AIC9DG', 'VTANB', 'IG2134', 'IGO21345', '', '   ', 'IGO 2134'])(
    'finds no flight number in %j',
    (callsign) => {
      expect(parseCallsign(callsign)).toBeUndefined();
    },
  );
});

describe('matching a callsign to a live flight', () => {
  it('matches the airline by ICAO code and the number, padded or not', () => {
    const index = new LiveFlightIndex([
      flight({ id: 'dep-6e2134', flightNumber: '6E 2134', airline: '6E' }),
      flight({ id: 'dep-ai101', flightNumber: 'AI 101', airline: 'AI' }),
    ]);
    expect(match(index, 'IGO2134 ')).toBe('dep-6e2134');
    expect(match(index, 'AIC0101')).toBe('dep-ai101');
    expect(match(index, 'AIC101 ')).toBe('dep-ai101');
  });

  it('matches nothing for unknown airlines, other numbers, non-flight callsigns and cancelled flights', () => {
    const index = new LiveFlightIndex([
      flight({ id: 'dep-6e2134', flightNumber: '6E 2134', airline: '6E' }),
      flight({ id: 'dep-uk955', flightNumber: 'UK 955', airline: 'UK', status: 'CANCELLED' }),
    ]);
    expect(match(index, 'ZZZ2134')).toBeUndefined(); // airline not in the reference data
    expect(match(index, 'XXX2134')).toBeUndefined(); // airline without an IATA code
    expect(match(index, 'IGO2135')).toBeUndefined();
    expect(match(index, 'IGO9DG')).toBeUndefined();
    expect(match(index, null)).toBeUndefined();
    expect(match(index, 'VTI955')).toBeUndefined();
  });

  it('prefers the flight that is airborne when the same number flies twice', () => {
    const index = new LiveFlightIndex([
      // Yesterday's evening rotation, long landed.
      flight({
        id: 'dep-6e2134-yesterday',
        flightNumber: '6E 2134',
        airline: '6E',
        std: at(-16 * 60),
        etd: at(-16 * 60),
        atd: at(-16 * 60),
        sta: at(-14 * 60),
        status: 'DEPARTED',
      }),
      // This morning's: left 40 minutes ago, in the air.
      flight({
        id: 'dep-6e2134-morning',
        flightNumber: '6E 2134',
        airline: '6E',
        std: at(-45),
        etd: at(-45),
        atd: at(-40),
        sta: at(75),
        status: 'DEPARTED',
      }),
      // This evening's, scheduled.
      flight({
        id: 'dep-6e2134-evening',
        flightNumber: '6E 2134',
        airline: '6E',
        std: at(8 * 60),
        etd: at(8 * 60),
        sta: at(10 * 60),
      }),
    ]);
    expect(match(index, 'IGO2134')).toBe('dep-6e2134-morning');
  });

  it('tells an inbound arrival from the outbound departure under the same number by status', () => {
    const arrival = flight({
      id: 'arr-ai101',
      flightNumber: 'AI 101',
      airline: 'AI',
      direction: 'arrival',
      origin: 'BOM',
      destination: 'DEL',
      std: at(-90),
      etd: at(-90),
      atd: at(-90),
      sta: at(20),
      eta: at(25),
      status: 'AIRBORNE',
    });
    const departure = flight({
      id: 'dep-ai101',
      flightNumber: 'AI 101',
      airline: 'AI',
      std: at(70),
      etd: at(70),
      sta: at(200),
    });
    const index = new LiveFlightIndex([arrival, departure]);
    expect(match(index, 'AIC101')).toBe('arr-ai101');
    // Later: the arrival is on block, the departure has left.
    index.upsert({ ...arrival, status: 'ON_BLOCK', ata: at(30) });
    index.upsert({ ...departure, status: 'DEPARTED', atd: at(75) });
    expect(match(index, 'AIC101', NOW + 90 * 60_000)).toBe('dep-ai101');
  });

  it('prefers an airborne flight even when another is closer in time', () => {
    const index = new LiveFlightIndex([
      // Its ETA passed a quarter of an hour ago, but it is still flying (running late).
      flight({
        id: 'arr-late',
        flightNumber: '6E 2134',
        airline: '6E',
        direction: 'arrival',
        origin: 'BOM',
        destination: 'DEL',
        std: at(-150),
        etd: at(-150),
        sta: at(-20),
        eta: at(-15),
        status: 'AIRBORNE',
      }),
      flight({ id: 'dep-soon', flightNumber: '6E 2134', airline: '6E', std: at(5), etd: at(5) }),
    ]);
    expect(match(index, 'IGO2134')).toBe('arr-late');
  });

  it('without an airborne flight, takes the one closest in time, within the gap limit', () => {
    const index = new LiveFlightIndex([
      flight({
        id: 'early',
        flightNumber: 'UK 955',
        airline: 'UK',
        std: at(-300),
        etd: at(-300),
        sta: at(-180),
      }),
      flight({
        id: 'soon',
        flightNumber: 'UK 955',
        airline: 'UK',
        std: at(30),
        etd: at(30),
        sta: at(150),
      }),
    ]);
    expect(match(index, 'VTI955')).toBe('soon');
    const tomorrow = new LiveFlightIndex([
      flight({
        id: 'tomorrow',
        flightNumber: 'UK 955',
        airline: 'UK',
        std: at(24 * 60),
        etd: at(24 * 60),
        sta: at(26 * 60),
      }),
    ]);
    expect(match(tomorrow, 'VTI955')).toBeUndefined();
    expect(match(tomorrow, 'VTI955', NOW + 24 * 3_600_000 - MAX_MATCH_GAP_MS)).toBe('tomorrow');
  });

  it('takes a trailing letter as the suffix when a flight has it, and ignores it otherwise', () => {
    const index = new LiveFlightIndex([
      flight({ id: 'ba12', flightNumber: 'BA 12', airline: 'BA' }),
      flight({ id: 'ba12a', flightNumber: 'BA 12', airline: 'BA', suffix: 'A' }),
    ]);
    expect(match(index, 'BAW12A')).toBe('ba12a');
    expect(
      match(
        new LiveFlightIndex([flight({ id: 'ba12', flightNumber: 'BA 12', airline: 'BA' })]),
        'BAW12K',
      ),
    ).toBe('ba12');
  });

  it('follows the live table: a changed flight moves, an archived one goes', () => {
    const index = new LiveFlightIndex([
      flight({ id: 'f1', flightNumber: '6E 2134', airline: '6E' }),
    ]);
    index.upsert(flight({ id: 'f1', flightNumber: '6E 2135', airline: '6E' }));
    expect(match(index, 'IGO2134')).toBeUndefined();
    expect(match(index, 'IGO2135')).toBe('f1');
    expect(index.size).toBe(1);
    index.remove('f1');
    expect(match(index, 'IGO2135')).toBeUndefined();
    expect(index.size).toBe(0);
  });
});
