import { describe, expect, it } from 'vitest';
import { localDateOf, localDateSchema, localDaySpan, localToday } from './local-day';

describe('local days', () => {
  it('spans a Delhi day from local midnight to the next', () => {
    expect(localDaySpan('2026-11-21', 'Asia/Kolkata')).toEqual({
      start: Date.parse('2026-11-20T18:30:00.000Z'),
      end: Date.parse('2026-11-21T18:30:00.000Z'),
    });
  });

  it('makes a day with a DST change 23 hours long', () => {
    const { start, end } = localDaySpan('2026-03-29', 'Europe/Berlin');
    expect((end - start) / 3_600_000).toBe(23);
  });

  it('gives the local date of an instant', () => {
    expect(localDateOf('2026-11-21T18:29:00.000Z', 'Asia/Kolkata')).toBe('2026-11-21');
    expect(localDateOf('2026-11-21T18:30:00.000Z', 'Asia/Kolkata')).toBe('2026-11-22');
    expect(localToday('Asia/Kolkata', Date.parse('2026-11-21T20:00:00.000Z'))).toBe('2026-11-22');
  });

  it('refuses impossible dates and unknown zones', () => {
    expect(localDateSchema.safeParse('2026-02-30').success).toBe(false);
    expect(localDateSchema.safeParse('21.11.2026').success).toBe(false);
    expect(() => localDaySpan('2026-11-21', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDaySpan('2026-11', 'Asia/Kolkata')).toThrow(RangeError);
  });
});
