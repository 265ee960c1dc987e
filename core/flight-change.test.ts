import { describe, expect, it } from 'vitest';
import { applyFlightChange } from './flight-change';
import type { Flight } from './flight';
import { flightChangesSchema, flightUpdatePayloadSchema, describeZodError } from './protocol';
import { findDelayCode } from './delay-codes';

const base: Flight = {
  id: 'DEL-6E2134',
  flightNumber: '6E 2134',
  airline: '6E',
  origin: 'DEL',
  destination: 'BOM',
  std: '2026-11-21T14:05:00.000Z',
  etd: '2026-11-21T14:05:00.000Z',
  gate: '42',
  status: 'SCHEDULED',
  delayCode: null,
  remark: null,
  version: 3,
  updatedAt: '2026-11-21T10:00:00.000Z',
  updatedBy: null,
};
const meta = { by: 'agent1', at: '2026-11-21T12:00:00.000Z' };

describe('applyFlightChange', () => {
  it('applies a gate change, bumps the version and records who and what', () => {
    const result = applyFlightChange(base, { gate: '7A' }, meta);
    expect(result).toMatchObject({
      ok: true,
      flight: { gate: '7A', version: 4, updatedBy: 'agent1', updatedAt: meta.at },
      fields: { gate: { from: '42', to: '7A' } },
    });
  });

  it('drops fields equal to the current value and reports a no-op', () => {
    const result = applyFlightChange(base, { gate: '42', etd: '2026-11-21T19:35:00+05:30' }, meta);
    expect(result).toEqual({ ok: true, flight: base, fields: {} });
  });

  it('refuses a delay without a delay code, and accepts it with one', () => {
    const late = '2026-11-21T14:40:00.000Z';
    const refused = applyFlightChange(base, { etd: late }, meta);
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/^delayCode: /) });
    const accepted = applyFlightChange(base, { etd: late, delayCode: '93' }, meta);
    expect(accepted).toMatchObject({ ok: true, flight: { etd: late, delayCode: '93' } });
  });

  it('keeps a delay code already on the flight for a further delay', () => {
    const delayed = { ...base, etd: '2026-11-21T14:30:00.000Z', delayCode: '89' };
    const result = applyFlightChange(delayed, { etd: '2026-11-21T15:00:00.000Z' }, meta);
    expect(result).toMatchObject({ ok: true, flight: { delayCode: '89' } });
  });

  it('normalises etd to UTC', () => {
    const result = applyFlightChange(
      base,
      { etd: '2026-11-21T19:50:00+05:30', delayCode: '93' },
      meta,
    );
    expect(result).toMatchObject({ ok: true, flight: { etd: '2026-11-21T14:20:00.000Z' } });
  });

  it('refuses an etd far from the schedule as a likely typo', () => {
    const result = applyFlightChange(
      base,
      { etd: '2026-11-25T14:05:00.000Z', delayCode: '93' },
      meta,
    );
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^etd: /) });
  });

  it('enforces the status machine', () => {
    const boarding = { ...base, status: 'BOARDING' as const };
    expect(applyFlightChange(boarding, { status: 'SCHEDULED' }, meta)).toEqual({
      ok: false,
      message: 'status: cannot move from BOARDING to SCHEDULED',
    });
    expect(applyFlightChange(boarding, { status: 'CANCELLED' }, meta)).toMatchObject({ ok: true });
  });

  it('takes no gate or time change on a departed or cancelled flight, but a remark', () => {
    for (const status of ['DEPARTED', 'CANCELLED'] as const) {
      const final = { ...base, status };
      expect(applyFlightChange(final, { gate: '9' }, meta)).toEqual({
        ok: false,
        message: expect.stringMatching(/^gate: .* takes no further gate or time changes$/),
      });
      expect(applyFlightChange(final, { remark: 'Rebooked on 6E 2136' }, meta)).toMatchObject({
        ok: true,
      });
    }
  });
});

describe('flight change schemas', () => {
  it('names the offending field', () => {
    const parsed = flightUpdatePayloadSchema.safeParse({
      flightId: 'x',
      baseVersion: 1,
      opId: crypto.randomUUID(),
      changes: { gate: 'way too long gate' },
    });
    expect(parsed.success).toBe(false);
    expect(describeZodError(parsed.error!)).toMatch(/^changes\.gate: /);
  });

  it('refuses unknown fields, empty changes and unknown delay codes', () => {
    expect(describeZodError(flightChangesSchema.safeParse({ colour: 'red' }).error!)).toMatch(
      /colour/,
    );
    expect(flightChangesSchema.safeParse({}).success).toBe(false);
    expect(describeZodError(flightChangesSchema.safeParse({ delayCode: '04' }).error!)).toMatch(
      /^delayCode: /,
    );
  });

  it('normalises gates and blank remarks', () => {
    expect(flightChangesSchema.parse({ gate: ' 42b ', remark: '  ' })).toEqual({
      gate: '42B',
      remark: null,
    });
  });

  it('knows the IATA meaning of delay codes', () => {
    expect(findDelayCode('93')?.meaning).toMatch(/rotation/i);
    expect(findDelayCode('93')?.alpha).toBe('RA');
  });
});
