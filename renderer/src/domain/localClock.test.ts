import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { localClock, localTime } from './localClock';

describe('local clock', () => {
  it('agrees with luxon on the local time and day, across zones and DST changes', () => {
    const zones = ['Asia/Kolkata', 'Europe/London', 'America/New_York', 'Pacific/Chatham', 'UTC'];
    // Every 37 minutes through a year that includes the DST changes of both hemispheres.
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (const zone of zones) {
      for (let ms = start; ms < start + 365 * 86_400_000; ms += 37 * 60_000 * 13) {
        const expected = DateTime.fromMillis(ms, { zone });
        const clock = localClock(ms, zone);
        expect(clock.time).toBe(expected.toFormat('HH:mm'));
        expect(clock.day).toBe(
          Math.round(
            DateTime.fromISO(expected.toISODate()!, { zone: 'UTC' }).toMillis() / 86_400_000,
          ),
        );
      }
    }
  });

  it('reads ISO instants and says midnight as 00:00', () => {
    expect(localTime('2026-11-21T18:30:00.000Z', 'Asia/Kolkata')).toBe('00:00');
    const before = localClock('2026-11-21T18:29:00.000Z', 'Asia/Kolkata');
    const after = localClock('2026-11-21T18:30:00.000Z', 'Asia/Kolkata');
    expect(after.day - before.day).toBe(1);
  });
});
