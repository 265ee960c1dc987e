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

describe('applyFlightChange v2: actual times and arrivals', () => {
  const arrival: Flight = {
    ...base,
    id: 'a-ai102',
    flightNumber: 'AI 102',
    airline: 'AI',
    origin: 'JFK',
    destination: 'DEL',
    direction: 'arrival',
    std: '2026-11-20T21:00:00.000Z',
    etd: '2026-11-20T21:00:00.000Z',
    sta: '2026-11-21T12:00:00.000Z',
    eta: '2026-11-21T12:00:00.000Z',
    gate: null,
  };

  it('records atd at the time of the change when a departure becomes DEPARTED', () => {
    const closed = { ...base, status: 'GATE_CLOSED' as const };
    const at = '2026-11-21T14:07:00.000Z';
    const result = applyFlightChange(closed, { status: 'DEPARTED' }, { ...meta, at });
    expect(result).toMatchObject({ ok: true, flight: { atd: at }, fields: { atd: { to: at } } });
  });

  it('refuses DEPARTED implausibly early, and an actual time in the future', () => {
    const early = applyFlightChange(
      base,
      { status: 'DEPARTED' },
      { ...meta, at: '2026-11-21T11:05:00.000Z' },
    );
    expect(early).toEqual({
      ok: false,
      message: expect.stringMatching(/^atd: .*before the scheduled/),
    });
    const future = applyFlightChange(
      base,
      { status: 'DEPARTED', atd: '2026-11-21T14:05:00.000Z' },
      { ...meta, at: '2026-11-21T13:30:00.000Z' },
    );
    expect(future).toEqual({ ok: false, message: expect.stringMatching(/^atd: .*future/) });
  });

  it('needs no delay code for a late arrival, and records ata on block', () => {
    const late = applyFlightChange(arrival, { eta: '2026-11-21T13:10:00.000Z' }, meta);
    expect(late).toMatchObject({ ok: true, flight: { eta: '2026-11-21T13:10:00.000Z' } });
    const landed = { ...arrival, status: 'LANDED' as const };
    const at = '2026-11-21T12:09:00.000Z';
    expect(applyFlightChange(landed, { status: 'ON_BLOCK' }, { ...meta, at })).toMatchObject({
      ok: true,
      flight: { status: 'ON_BLOCK', ata: at },
    });
  });

  it('gives an on-block arrival a belt and a stand, but no new estimate or gate', () => {
    const onBlock = { ...arrival, status: 'ON_BLOCK' as const, ata: '2026-11-21T12:05:00.000Z' };
    expect(applyFlightChange(onBlock, { belt: '5', stand: 'R14' }, meta)).toMatchObject({
      ok: true,
      flight: { belt: '5', stand: 'R14' },
    });
    expect(applyFlightChange(onBlock, { eta: '2026-11-21T12:30:00.000Z' }, meta)).toEqual({
      ok: false,
      message: expect.stringMatching(/^eta: flight AI 102 is ON_BLOCK/),
    });
    const cancelled = { ...arrival, status: 'CANCELLED' as const };
    expect(applyFlightChange(cancelled, { belt: '5' }, meta)).toEqual({
      ok: false,
      message: expect.stringMatching(/^belt: flight AI 102 is CANCELLED/),
    });
  });

  it('keeps belts to arrivals and uses the arrival status machine', () => {
    expect(applyFlightChange(base, { belt: '5' }, meta)).toEqual({
      ok: false,
      message: expect.stringMatching(/^belt: a departure has no baggage belt/),
    });
    expect(applyFlightChange(arrival, { status: 'BOARDING' }, meta)).toEqual({
      ok: false,
      message: 'status: cannot move an arrival from SCHEDULED to BOARDING',
    });
    expect(applyFlightChange(arrival, { status: 'AIRBORNE' }, meta)).toMatchObject({ ok: true });
  });
});

describe('status corrections (issue 10)', () => {
  const cancelled: Flight = { ...base, status: 'CANCELLED', statusReason: 'crew shortage' };
  const departed: Flight = {
    ...base,
    status: 'DEPARTED',
    atd: '2026-11-21T14:07:00.000Z',
  };
  const later = { by: 'sup1', at: '2026-11-21T14:10:00.000Z' };

  it('lets a supervisor reinstate a cancelled flight with a reason', () => {
    const result = applyFlightChange(
      cancelled,
      { status: 'SCHEDULED', statusReason: 'crew found' },
      meta,
      { mayCorrectStatus: true },
    );
    expect(result).toMatchObject({
      ok: true,
      flight: { status: 'SCHEDULED', statusReason: 'crew found' },
      fields: {
        status: { from: 'CANCELLED', to: 'SCHEDULED' },
        statusReason: { from: 'crew shortage', to: 'crew found' },
      },
    });
  });

  it('refuses a reinstatement by an agent, or without a reason', () => {
    expect(
      applyFlightChange(cancelled, { status: 'SCHEDULED', statusReason: 'crew found' }, meta),
    ).toEqual({
      ok: false,
      message: expect.stringMatching(/^status: only a supervisor can reinstate a cancelled flight/),
    });
    expect(
      applyFlightChange(cancelled, { status: 'SCHEDULED' }, meta, { mayCorrectStatus: true }),
    ).toEqual({ ok: false, message: expect.stringMatching(/^statusReason: say why/) });
  });

  it('takes back a wrong Departed and clears its actual time', () => {
    const result = applyFlightChange(
      departed,
      { status: 'GATE_CLOSED', statusReason: 'pressed by mistake' },
      later,
      { mayCorrectStatus: true },
    );
    expect(result).toMatchObject({
      ok: true,
      flight: { status: 'GATE_CLOSED', atd: null },
      fields: { atd: { from: departed.atd, to: null } },
    });
  });

  it('never corrects forward into a movement or back from other statuses', () => {
    expect(
      applyFlightChange(cancelled, { status: 'DEPARTED', statusReason: 'x' }, meta, {
        mayCorrectStatus: true,
      }),
    ).toMatchObject({ ok: false });
  });

  it('records a cancellation reason with the cancellation', () => {
    expect(
      applyFlightChange(base, { status: 'CANCELLED', statusReason: 'technical' }, meta),
    ).toMatchObject({ ok: true, fields: { statusReason: { from: null, to: 'technical' } } });
  });

  it('refuses a Departed set long before the scheduled time', () => {
    const early = { by: 'agent1', at: '2026-11-21T11:05:00.000Z' }; // 3 h before STD
    expect(
      applyFlightChange({ ...base, status: 'GATE_CLOSED' }, { status: 'DEPARTED' }, early),
    ).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^atd: is more than 60 minutes before the scheduled departure/,
      ),
    });
  });
});

describe('delay codes follow the delay (issue 10)', () => {
  it('clears the code of a flight brought back on time', () => {
    const delayed: Flight = { ...base, etd: '2026-11-21T14:40:00.000Z', delayCode: '93' };
    expect(applyFlightChange(delayed, { etd: base.std }, meta)).toMatchObject({
      ok: true,
      flight: { etd: base.std, delayCode: null },
      fields: { delayCode: { from: '93', to: null } },
    });
  });

  it('keeps a code the same change sets', () => {
    const delayed: Flight = { ...base, etd: '2026-11-21T14:40:00.000Z', delayCode: '93' };
    expect(applyFlightChange(delayed, { etd: base.std, delayCode: '89' }, meta)).toMatchObject({
      ok: true,
      flight: { delayCode: '89' },
    });
  });
});
