import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { planAdHocFlight, refusalField, type AdHocFlightDraft } from './adHocFlightForm';
import type { AirportLookup, ReferenceAirport } from './referenceAirports';

const AIRPORTS: Record<string, ReferenceAirport> = {
  BOM: { iata: 'BOM', name: 'Mumbai', city: 'Mumbai', timeZone: 'Asia/Kolkata' },
  DXB: { iata: 'DXB', name: 'Dubai', city: 'Dubai', timeZone: 'Asia/Dubai' },
  LHR: { iata: 'LHR', name: 'Heathrow', city: 'London', timeZone: 'Europe/London' },
};
const lookup: AirportLookup = (code) => AIRPORTS[code.trim().toUpperCase()];
const HOME = { iata: 'DEL', timeZone: 'Asia/Kolkata' };
const OP_ID = '7d0c1c7e-8a57-4c38-9d0b-2f4a7d9a5b10';

const draft = (overrides: Partial<AdHocFlightDraft> = {}): AdHocFlightDraft => ({
  airline: 'xx',
  flightNumber: '901',
  direction: 'departure',
  date: '2026-11-29',
  otherAirport: 'dxb',
  std: '23:30',
  sta: '01:45',
  aircraftType: '',
  terminal: '',
  gate: '',
  stand: '',
  ...overrides,
});

const utc = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toUTC().toISO();

describe('planAdHocFlight', () => {
  it('makes a departure: STD local here, STA local at the destination, on the next day there', () => {
    const plan = planAdHocFlight(draft(), HOME, lookup, OP_ID);
    expect(plan).toMatchObject({
      ok: true,
      payload: {
        opId: OP_ID,
        airline: 'XX',
        flightNumber: '901',
        direction: 'departure',
        date: '2026-11-29',
        origin: 'DEL',
        destination: 'DXB',
        std: utc('2026-11-29T23:30', 'Asia/Kolkata'),
        sta: utc('2026-11-30T01:45', 'Asia/Dubai'),
      },
      followUp: {},
    });
  });

  it('makes an arrival: STA local here on the date, STD local at the origin before it', () => {
    const plan = planAdHocFlight(
      draft({ direction: 'arrival', otherAirport: 'LHR', std: '21:00', sta: '10:40' }),
      HOME,
      lookup,
      OP_ID,
    );
    expect(plan.ok && plan.payload).toMatchObject({
      origin: 'LHR',
      destination: 'DEL',
      sta: utc('2026-11-29T10:40', 'Asia/Kolkata'),
      std: utc('2026-11-28T21:00', 'Europe/London'),
    });
  });

  it('carries aircraft type, terminal, gate and stand as the change that follows', () => {
    const plan = planAdHocFlight(
      draft({ aircraftType: '320', terminal: 't3', gate: '42b', stand: 'r14' }),
      HOME,
      lookup,
      OP_ID,
    );
    expect(plan.ok && plan.followUp).toEqual({
      aircraftType: '320',
      terminal: 'T3',
      gate: '42B',
      stand: 'R14',
    });
  });

  it('names every wrong field, and sends nothing', () => {
    const plan = planAdHocFlight(
      draft({
        airline: 'XXX',
        flightNumber: '12345',
        otherAirport: 'QQQ',
        std: '25:00',
        aircraftType: 'A',
        gate: '!',
      }),
      HOME,
      lookup,
      OP_ID,
    );
    expect(plan.ok).toBe(false);
    expect(!plan.ok && Object.keys(plan.errors).sort()).toEqual([
      'aircraftType',
      'airline',
      'flightNumber',
      'gate',
      'otherAirport',
      'std',
    ]);
    expect(!plan.ok && plan.errors.otherAirport).toBe('unknown airport "QQQ"');
  });

  it('refuses this airport at both ends, and a bad date', () => {
    const plan = planAdHocFlight(
      draft({ otherAirport: 'DEL', date: '29.11.2026' }),
      HOME,
      lookup,
      OP_ID,
    );
    expect(!plan.ok && plan.errors).toMatchObject({
      otherAirport: 'must differ from DEL',
      date: expect.stringMatching(/YYYY-MM-DD/),
    });
  });
});

describe('refusalField', () => {
  it('puts the hub refusal under its field', () => {
    expect(
      refusalField({ code: 'INVALID', message: 'destination: unknown airport "QQQ"' }, 'departure'),
    ).toEqual({ field: 'otherAirport', message: 'unknown airport "QQQ"' });
    expect(
      refusalField({ code: 'INVALID', message: 'changes.gate: unknown gate' }, 'departure'),
    ).toEqual({
      field: 'gate',
      message: 'unknown gate',
    });
    expect(
      refusalField(
        { code: 'CONFLICT', message: 'flight XX 901 on 2026-11-29 exists already' },
        'arrival',
      ),
    ).toMatchObject({ field: 'flightNumber' });
    expect(
      refusalField({ code: 'FORBIDDEN', message: 'role agent may not add flights' }, 'arrival'),
    ).toEqual({
      field: null,
      message: 'role agent may not add flights',
    });
  });
});
