import { describe, expect, it } from 'vitest';
import demoDay from '../resources/demo/del-departures.json';
import demoGates from '../resources/demo/del-gates.json';
import { codeLetterFor, compareCodeLetters, isWideBody } from './aircraft-categories';
import type { Flight } from './flight';
import {
  gateBufferMinutesSchema,
  gateHold,
  gateKey,
  gateListSchema,
  gatesBodySchema,
  type GateEntry,
} from './gates';
import { describeZodError } from './protocol';

const departure: Flight = {
  id: 'D-6E2134',
  flightNumber: '6E 2134',
  airline: '6E',
  origin: 'DEL',
  destination: 'BOM',
  std: '2026-11-21T08:30:00.000Z',
  etd: '2026-11-21T08:30:00.000Z',
  gate: '42',
  terminal: 'T1',
  status: 'SCHEDULED',
  delayCode: null,
  remark: null,
  version: 1,
  updatedAt: '2026-11-20T10:00:00.000Z',
  updatedBy: null,
};
const arrival: Flight = {
  ...departure,
  id: 'A-AI102',
  flightNumber: 'AI 102',
  airline: 'AI',
  origin: 'JFK',
  destination: 'DEL',
  direction: 'arrival',
  sta: '2026-11-21T09:00:00.000Z',
  eta: '2026-11-21T09:10:00.000Z',
};

describe('gateHold', () => {
  it('holds a departure from boarding (etd − 45 min) until etd, with the buffer after', () => {
    expect(gateHold({ ...departure, etd: '2026-11-21T09:00:00.000Z' })).toEqual({
      flightId: 'D-6E2134',
      gate: '42',
      terminal: 'T1',
      direction: 'departure',
      from: '2026-11-21T08:15:00.000Z',
      to: '2026-11-21T09:00:00.000Z',
      bufferUntil: '2026-11-21T09:15:00.000Z',
    });
    expect(gateHold(departure, { bufferMinutes: 30 })?.bufferUntil).toBe(
      '2026-11-21T09:00:00.000Z',
    );
  });

  it('ends a departed flight’s hold at its atd, late or early', () => {
    const late = { ...departure, status: 'DEPARTED' as const, atd: '2026-11-21T08:52:00.000Z' };
    expect(gateHold(late)).toMatchObject({
      from: '2026-11-21T07:45:00.000Z',
      to: '2026-11-21T08:52:00.000Z',
    });
    const early = { ...late, atd: '2026-11-21T08:25:00.000Z' };
    expect(gateHold(early)).toMatchObject({ to: '2026-11-21T08:25:00.000Z' });
    // Off block before boarding would have begun: the hold shrinks to nothing, never inverts.
    const odd = { ...late, atd: '2026-11-21T07:30:00.000Z' };
    expect(gateHold(odd)).toMatchObject({
      from: '2026-11-21T07:30:00.000Z',
      to: '2026-11-21T07:30:00.000Z',
    });
  });

  it('holds an arrival for 20 minutes from eta, sta without one, ata once on block', () => {
    expect(gateHold(arrival)).toMatchObject({
      direction: 'arrival',
      from: '2026-11-21T09:10:00.000Z',
      to: '2026-11-21T09:30:00.000Z',
    });
    expect(gateHold({ ...arrival, eta: null })).toMatchObject({
      from: '2026-11-21T09:00:00.000Z',
    });
    const onBlock = { ...arrival, status: 'ON_BLOCK' as const, ata: '2026-11-21T09:14:00.000Z' };
    expect(gateHold(onBlock)).toMatchObject({
      from: '2026-11-21T09:14:00.000Z',
      to: '2026-11-21T09:34:00.000Z',
    });
  });

  it('gives no hold without a gate, when cancelled, or to a diverted arrival', () => {
    expect(gateHold({ ...departure, gate: null })).toBeNull();
    expect(gateHold({ ...departure, status: 'CANCELLED' })).toBeNull();
    expect(gateHold({ ...arrival, status: 'CANCELLED' })).toBeNull();
    expect(gateHold({ ...arrival, status: 'DIVERTED' })).toBeNull();
  });
});

describe('the gate list schema', () => {
  const gate = (gate: string, terminal: string): GateEntry => ({
    gate,
    terminal,
    contact: true,
    maxCodeLetter: 'C',
  });

  it('accepts the same gate number in two terminals, and normalises case', () => {
    const parsed = gateListSchema.parse([gate('11', 'T1'), gate('11', 't3'), gate('7a', 'T3')]);
    expect(parsed.map((entry) => gateKey(entry.terminal, entry.gate))).toEqual([
      'T1/11',
      'T3/11',
      'T3/7A',
    ]);
  });

  it('refuses a gate listed twice in one terminal, naming both entries', () => {
    const result = gatesBodySchema.safeParse({
      gates: [gate('11', 'T1'), gate('12', 'T1'), gate('11', 't1')],
    });
    expect(result.success).toBe(false);
    expect(describeZodError(result.error!)).toBe(
      'gates.2.gate: gate "11" of terminal "T1" is listed twice (entries 0 and 2)',
    );
  });

  it('names the entry and field that is wrong', () => {
    const cases: Array<[unknown, string]> = [
      [{ ...gate('11', 'T1'), maxCodeLetter: 'G' }, 'gates.0.maxCodeLetter'],
      [{ ...gate('11', 'T1'), contact: 'yes' }, 'gates.0.contact'],
      [{ ...gate('', 'T1') }, 'gates.0.gate'],
      [{ gate: '11', contact: true, maxCodeLetter: 'C' }, 'gates.0.terminal'],
      [{ ...gate('11', 'T1'), bridge: true }, 'gates.0'],
    ];
    for (const [entry, path] of cases) {
      const result = gatesBodySchema.safeParse({ gates: [entry] });
      expect(result.success).toBe(false);
      expect(describeZodError(result.error!).startsWith(`${path}:`)).toBe(true);
    }
  });

  it('reads the gate buffer setting from the environment', () => {
    expect(gateBufferMinutesSchema.parse('20')).toBe(20);
    expect(gateBufferMinutesSchema.parse('0')).toBe(0);
    expect(gateBufferMinutesSchema.safeParse('-1').success).toBe(false);
    expect(gateBufferMinutesSchema.safeParse('abc').success).toBe(false);
    expect(gateBufferMinutesSchema.safeParse('7.5').success).toBe(false);
  });
});

describe('the demo airport’s gates (resources/demo/del-gates.json)', () => {
  const gates = gatesBodySchema.parse({ gates: demoGates.gates }).gates;
  const byKey = new Map(gates.map((entry) => [gateKey(entry.terminal, entry.gate), entry]));

  it('lists every gate a demo departure uses, in its terminal', () => {
    const missing = demoDay.departures
      .map((flight) => gateKey(flight.terminal, flight.gate))
      .filter((key) => !byKey.has(key));
    expect(missing).toEqual([]);
  });

  it('fits every demo aircraft at its gate, and puts wide-bodies at jet bridges but one', () => {
    const tooBig = demoDay.departures.filter((flight) => {
      const gate = byKey.get(gateKey(flight.terminal, flight.gate))!;
      return compareCodeLetters(codeLetterFor(flight.aircraftType)!, gate.maxCodeLetter) > 0;
    });
    expect(tooBig).toEqual([]);
    const bussed = demoDay.departures.filter(
      (flight) =>
        isWideBody(flight.aircraftType) &&
        !byKey.get(gateKey(flight.terminal, flight.gate))!.contact,
    );
    // The one REMOTE_FOR_WIDEBODY of the demo day: an A310 on a T3 bus gate.
    expect(bussed.map((flight) => `${flight.flightNumber} ${flight.gate}`)).toEqual(['KU 771 12B']);
  });
});
