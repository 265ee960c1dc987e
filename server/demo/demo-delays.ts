/**
 * Why and how long demo flights are late: the common delay causes at a busy Indian hub with
 * their IATA codes and remarks an agent might type, weighted by season (fog at DEL in winter).
 * Shared by the schedule-based operating day (demo-operations.ts) and the old demo day.
 */
import { isDelayCode } from '../../core/delay-codes';
import { ROTATION_DELAY_CODE } from '../../core/turnarounds';
import type { Prng } from './prng';

export interface DelayReason {
  code: string;
  weight: number;
  remarks: string[];
}

/** The remark of a rotation delay (code 93), when the agent writes one. */
export const ROTATION_DELAY_REMARK = 'Late arrival of inbound aircraft';

/** Fog season at Delhi: December and January, with November and February on its edges. */
export function isFogSeason(month: number): boolean {
  return month === 12 || month === 1;
}

export function delayReasons(month: number): DelayReason[] {
  const fogSeason = isFogSeason(month);
  const fogShoulder = month === 11 || month === 2;
  const monsoon = month >= 7 && month <= 8;
  return [
    { code: ROTATION_DELAY_CODE, weight: 28, remarks: [ROTATION_DELAY_REMARK] },
    { code: '89', weight: 12, remarks: ['Start-up delay, departure congestion'] },
    { code: '81', weight: 10, remarks: ['ATC slot restriction'] },
    { code: '41', weight: 8, remarks: ['Technical check in progress'] },
    { code: '15', weight: 7, remarks: ['Awaiting passengers'] },
    { code: '63', weight: 6, remarks: ['Awaiting crew'] },
    { code: '95', weight: 4, remarks: ['Awaiting crew from inbound flight'] },
    { code: '87', weight: 4, remarks: ['Stand congestion'] },
    { code: '11', weight: 3, remarks: ['Late check-in closure'] },
    { code: '18', weight: 3, remarks: ['Baggage sorting delay'] },
    { code: '32', weight: 2, remarks: ['Loading delay'] },
    { code: '64', weight: 2, remarks: ['Awaiting crew'] },
    { code: '43', weight: 2, remarks: ['Additional maintenance check'] },
    { code: '72', weight: 2, remarks: ['Weather at destination'] },
    {
      code: '71',
      weight: fogSeason ? 30 : fogShoulder ? 8 : monsoon ? 4 : 0.5,
      remarks:
        fogSeason || fogShoulder
          ? ['Fog at DEL', 'Low visibility at DEL']
          : ['Thunderstorm at DEL'],
    },
  ];
}

for (const month of [1, 4, 7, 11]) {
  for (const reason of delayReasons(month)) {
    if (!isDelayCode(reason.code)) throw new Error(`unknown delay code ${reason.code}`);
  }
}

/** Delay in minutes, 10–180, mostly short, on a 5-minute grid. */
export function delayLength(prng: Prng): number {
  const minutes = prng.weighted<[number, number]>([
    [[10, 30], 45],
    [[30, 60], 30],
    [[60, 120], 18],
    [[120, 180], 7],
  ]);
  return Math.round(prng.int(minutes[0], minutes[1]) / 5) * 5;
}

/** A cancellation remark: fog in the fog season, else the usual operational reasons. */
export function cancellationRemark(prng: Prng, month: number): string {
  return prng.pick(
    isFogSeason(month)
      ? ['Cancelled: fog at DEL', 'Cancelled due to low visibility']
      : ['Cancelled due to operational reasons', 'Cancelled: aircraft unavailable'],
  );
}
