import { describe, expect, it } from 'vitest';
import { formatLocalTime, parseEtdInput } from './etd-input';

const zone = 'Asia/Kolkata';
const flight = { std: '2026-11-21T08:35:00.000Z' }; // 14:05 in Delhi

describe('parseEtdInput', () => {
  it('reads +25 and 25 as a delay in minutes against the schedule', () => {
    expect(parseEtdInput('+25', flight, zone)).toEqual({
      ok: true,
      etd: '2026-11-21T09:00:00.000Z',
    });
    expect(parseEtdInput('25', flight, zone)).toEqual({
      ok: true,
      etd: '2026-11-21T09:00:00.000Z',
    });
    expect(parseEtdInput('+0', flight, zone)).toEqual({ ok: true, etd: flight.std });
  });

  it('reads 14:35 and 1435 as local time at the departure airport', () => {
    expect(parseEtdInput('14:35', flight, zone)).toEqual({
      ok: true,
      etd: '2026-11-21T09:05:00.000Z',
    });
    expect(parseEtdInput('1435', flight, zone)).toEqual({
      ok: true,
      etd: '2026-11-21T09:05:00.000Z',
    });
  });

  it('puts a local time on the day closest to the schedule', () => {
    const lateEvening = { std: '2026-11-21T18:20:00.000Z' }; // 23:50 in Delhi
    expect(parseEtdInput('00:20', lateEvening, zone)).toEqual({
      ok: true,
      etd: '2026-11-21T18:50:00.000Z',
    });
  });

  it('explains what it cannot read', () => {
    expect(parseEtdInput('25:00', flight, zone)).toEqual({
      ok: false,
      message: '"25:00" is not a valid time',
    });
    expect(parseEtdInput('soon', flight, zone)).toMatchObject({ ok: false });
  });

  it('uses IANA zones across daylight-saving changes', () => {
    // 2026-03-29 is the EU switch to summer time: 10:00 in London is 09:00Z.
    expect(parseEtdInput('10:00', { std: '2026-03-29T08:30:00.000Z' }, 'Europe/London')).toEqual({
      ok: true,
      etd: '2026-03-29T09:00:00.000Z',
    });
    expect(formatLocalTime('2026-11-21T18:20:00.000Z', zone)).toBe('23:50');
  });
});
