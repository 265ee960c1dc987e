import { describe, expect, it } from 'vitest';
import { formatLocalTime, parseEtdInput } from './etd-input';

const zone = 'Asia/Kolkata';
// 14:05 in Delhi, on time.
const flight = { std: '2026-11-21T08:35:00.000Z', etd: '2026-11-21T08:35:00.000Z' };
// The same flight already 70 minutes late: estimated 15:15 in Delhi.
const late = { ...flight, etd: '2026-11-21T09:45:00.000Z' };

describe('parseEtdInput', () => {
  it('reads +25 and 25 as 25 minutes later than the current estimate', () => {
    expect(parseEtdInput('+25', flight, zone)).toEqual({
      ok: true,
      etd: '2026-11-21T09:00:00.000Z',
      warning: null,
    });
    expect(parseEtdInput('25', flight, zone)).toMatchObject({ etd: '2026-11-21T09:00:00.000Z' });
    // On a flight 70 minutes late, +25 makes it 95 minutes late, never earlier.
    expect(parseEtdInput('+25', late, zone)).toEqual({
      ok: true,
      etd: '2026-11-21T10:10:00.000Z',
      warning: null,
    });
    expect(parseEtdInput('+0', late, zone)).toMatchObject({ etd: late.etd, warning: null });
  });

  it('reads s+25 as a delay counted from the schedule, warning when that is earlier', () => {
    expect(parseEtdInput('s+25', late, zone)).toEqual({
      ok: true,
      etd: '2026-11-21T09:00:00.000Z',
      warning:
        '14:30 is 45 min earlier than the current estimate 15:15: passengers will be told the flight leaves earlier',
    });
    expect(parseEtdInput('S25', flight, zone)).toMatchObject({ etd: '2026-11-21T09:00:00.000Z' });
    expect(parseEtdInput('s', late, zone)).toMatchObject({ etd: flight.std });
  });

  it('reads -10 as earlier than the estimate, with a warning', () => {
    const result = parseEtdInput('-10', late, zone);
    expect(result).toMatchObject({ ok: true, etd: '2026-11-21T09:35:00.000Z' });
    expect(result.ok && result.warning).toMatch(/^15:05 is 10 min earlier than .* 15:15/);
  });

  it("words an arrival's warning for the boards (its STA/ETA passed as std/etd)", () => {
    const result = parseEtdInput('-10', late, zone, 'arrival');
    expect(result.ok && result.warning).toMatch(
      /: the boards will show the flight landing earlier$/,
    );
  });

  it('reads 14:35 and 1435 as local time at the departure airport', () => {
    expect(parseEtdInput('14:35', flight, zone)).toEqual({
      ok: true,
      etd: '2026-11-21T09:05:00.000Z',
      warning: null,
    });
    expect(parseEtdInput('1435', flight, zone)).toMatchObject({ etd: '2026-11-21T09:05:00.000Z' });
    expect(parseEtdInput('14:35', late, zone)).toMatchObject({ warning: expect.any(String) });
  });

  it('puts a local time on the day closest to the schedule', () => {
    const lateEvening = { std: '2026-11-21T18:20:00.000Z', etd: '2026-11-21T18:20:00.000Z' }; // 23:50
    expect(parseEtdInput('00:20', lateEvening, zone)).toMatchObject({
      ok: true,
      etd: '2026-11-21T18:50:00.000Z',
    });
  });

  it('explains what it cannot read', () => {
    expect(parseEtdInput('25:00', flight, zone)).toEqual({
      ok: false,
      message: '"25:00" is not a valid time',
    });
    expect(parseEtdInput('soon', flight, zone)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/s\+25 \(25 minutes after the schedule\)/),
    });
  });

  it('uses IANA zones across daylight-saving changes', () => {
    // 2026-03-29 is the EU switch to summer time: 10:00 in London is 09:00Z.
    const london = { std: '2026-03-29T08:30:00.000Z', etd: '2026-03-29T08:30:00.000Z' };
    expect(parseEtdInput('10:00', london, 'Europe/London')).toMatchObject({
      ok: true,
      etd: '2026-03-29T09:00:00.000Z',
    });
    expect(formatLocalTime('2026-11-21T18:20:00.000Z', zone)).toBe('23:50');
  });
});
