import { describe, expect, it } from 'vitest';
import { delhiArrival, delhiFlight } from '../../../test-support/flight-fixture';
import {
  estimateDelayMinutes,
  flightTimeZone,
  formatActual,
  formatEstimate,
  formatOnDayOf,
  formatScheduled,
  otherAirportLabel,
} from './flightPresentation';
import { statusFilterFor, timeWindowFilter } from './departureWindows';

const ZONE = 'Asia/Kolkata';

describe('flight presentation by direction', () => {
  it("shows times in this airport's zone: a departure's origin, an arrival's destination", () => {
    expect(flightTimeZone(delhiFlight(), 'UTC')).toBe(ZONE);
    expect(flightTimeZone(delhiArrival({ originTimeZone: 'Asia/Dubai' }), 'UTC')).toBe(ZONE);
    expect(flightTimeZone(delhiArrival({ destinationTimeZone: undefined }), 'UTC')).toBe('UTC');
  });

  it('names the airport at the other end', () => {
    expect(otherAirportLabel(delhiFlight())).toBe('Mumbai (BOM)');
    expect(otherAirportLabel(delhiArrival())).toBe('Abu Dhabi (AUH)');
    expect(otherAirportLabel(delhiArrival({ originCity: undefined }))).toBe('AUH');
  });

  it("formats an arrival's STA, ETA and ATA, marking a later local day", () => {
    const arrival = delhiArrival({
      sta: '2026-11-20T18:05:00.000Z', // 23:35 local
      eta: '2026-11-20T18:45:00.000Z', // 00:15 local, the next day
      ata: '2026-11-20T18:50:00.000Z',
    });
    const now = Date.parse('2026-11-20T12:00:00.000Z');
    expect(formatScheduled(arrival, ZONE, now)).toBe('23:35');
    expect(formatEstimate(arrival, ZONE)).toBe('00:15+1');
    expect(formatActual(arrival, ZONE)).toBe('00:20+1');
    expect(estimateDelayMinutes(arrival)).toBe(40);
    expect(formatActual(delhiArrival(), ZONE)).toBe('');
    // An arrival with no estimate yet is expected on time.
    expect(estimateDelayMinutes(delhiArrival({ eta: null }))).toBe(0);
  });

  it("shows a time beside a flight on the day of the flight's schedule", () => {
    // STD 23:55 in Delhi (18:25Z).
    const late = delhiFlight({ std: '2026-11-20T18:25:00.000Z', etd: '2026-11-20T18:25:00.000Z' });
    // A suggested ETD of 00:10, after the airport's midnight; its inbound's ETA of 23:30.
    expect(formatOnDayOf('2026-11-20T18:40:00.000Z', late, ZONE)).toBe('00:10+1');
    expect(formatOnDayOf('2026-11-20T18:00:00.000Z', late, ZONE)).toBe('23:30');
    // STD 00:30: an inbound landing at 23:50 the evening before.
    const early = delhiFlight({ std: '2026-11-20T19:00:00.000Z', etd: '2026-11-20T19:00:00.000Z' });
    expect(formatOnDayOf('2026-11-20T18:20:00.000Z', early, ZONE)).toBe('23:50-1');
    expect(formatOnDayOf(Date.parse('2026-11-20T19:10:00.000Z'), early, ZONE)).toBe('00:40');
  });

  it('keeps departures as they were: ETD against STD', () => {
    const late = delhiFlight({ etd: '2026-11-21T09:00:00.000Z' });
    expect(formatEstimate(late, ZONE)).toBe('14:30');
    expect(estimateDelayMinutes(late)).toBe(25);
  });
});

describe('filters by direction', () => {
  it('puts an arrival in "next 3 h" by its ETA, not by its departure from the origin', () => {
    const arrival = delhiArrival({
      std: '2026-11-20T08:00:00.000Z',
      etd: '2026-11-20T08:00:00.000Z',
      sta: '2026-11-20T16:00:00.000Z',
      eta: '2026-11-20T16:30:00.000Z',
    });
    const at = (iso: string) => timeWindowFilter('next3h', Date.parse(iso), ZONE)(arrival);
    expect(at('2026-11-20T14:00:00.000Z')).toBe(true);
    expect(at('2026-11-20T12:00:00.000Z')).toBe(false);
  });

  it('counts "today" in local days of this airport', () => {
    // STA 00:05 local on 21 Nov: tomorrow at 12:00 local on the 20th, today on the 21st.
    const arrival = delhiArrival();
    expect(timeWindowFilter('today', Date.parse('2026-11-20T06:30:00.000Z'), 'UTC')(arrival)).toBe(
      false,
    );
    expect(timeWindowFilter('today', Date.parse('2026-11-21T06:30:00.000Z'), 'UTC')(arrival)).toBe(
      true,
    );
  });

  it("keeps only the status chips a direction's flights can have", () => {
    expect(statusFilterFor('arrival', ['BOARDING', 'LANDED', 'CANCELLED'])).toEqual([
      'LANDED',
      'CANCELLED',
    ]);
    expect(statusFilterFor('departure', ['BOARDING', 'LANDED'])).toEqual(['BOARDING']);
  });
});
