import { describe, expect, it } from 'vitest';
import {
  isoDate,
  isoWeekday,
  parseClock,
  parseIsoDate,
  parseSsimDate,
  shiftWeekdays,
} from './calendar-dates';
import { zonedInstant, zonedOffset } from './zone-offsets';

const day = (text: string) => parseIsoDate(text) as number;

describe('calendar dates', () => {
  it('reads SSIM and ISO dates, refusing dates that do not exist', () => {
    expect(isoDate(parseSsimDate('27OCT26') as number)).toBe('2026-10-27');
    expect(isoDate(parseSsimDate('29FEB28') as number)).toBe('2028-02-29');
    expect(parseSsimDate('29FEB27')).toBeNull();
    expect(parseSsimDate('27Oct26')).toBeNull();
    expect(parseSsimDate('00XXX00')).toBeNull();
    expect(parseIsoDate('2026-02-30')).toBeNull();
    expect(parseIsoDate('2026-2-3')).toBeNull();
  });

  it('knows the day of the week (Monday = 1) and moves days of operation', () => {
    expect(isoWeekday(day('2026-11-23'))).toBe(1);
    expect(isoWeekday(day('2026-11-29'))).toBe(7);
    expect(isoWeekday(day('1969-12-29'))).toBe(1);
    expect(shiftWeekdays([1, 7], 1)).toEqual([1, 2]);
    expect(shiftWeekdays([1, 3], -1)).toEqual([2, 7]);
  });

  it('reads times of day', () => {
    expect(parseClock('06:10')).toBe(370);
    expect(parseClock('6:10')).toBe(370);
    expect(parseClock('0610')).toBe(370);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('06:60')).toBeNull();
  });
});

describe('zone offsets', () => {
  it('resolves each time on its own on the day the clocks change', () => {
    // London goes from GMT to BST at 01:00 GMT on 28 March 2027.
    const change = day('2027-03-28');
    expect(zonedInstant('Europe/London', change, 30)).toBe('2027-03-28T00:30:00.000Z');
    expect(zonedInstant('Europe/London', change, 180)).toBe('2027-03-28T02:00:00.000Z');
    // 01:30 does not exist that night: it is taken an hour later, 02:30 BST.
    expect(zonedInstant('Europe/London', change, 90)).toBe('2027-03-28T01:30:00.000Z');
    expect(zonedOffset('Europe/London', change, 30)).toBe(0);
    expect(zonedOffset('Europe/London', change, 180)).toBe(60);
    expect(zonedOffset('Asia/Kolkata', change, 180)).toBe(330);
    expect(zonedInstant('Asia/Kolkata', change, 370)).toBe('2027-03-28T00:40:00.000Z');
  });
});
