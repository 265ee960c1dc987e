import { z } from 'zod';
import { DELAY_CODE_GROUPS, findDelayCode } from './delay-codes';
import { isArrival, movementDelayMinutes, movementTimes, type Flight } from './flight';
import { localDaySpan } from './local-day';

/**
 * The day's KPIs (contract section 11, `GET /api/kpis`) for the flights of one local date,
 * each counted on the date of its scheduled movement here (std for a departure, sta for an
 * arrival).
 *
 * A flight's delay is `movementDelayMinutes`: atd − std once it has left (ata − sta once on
 * block), before that etd − std (eta − sta), in whole minutes as the grid shows them.
 * - `onTime`: departed (on block) less than 15 minutes late: D15 (A15).
 * - `delayed15`: not cancelled (nor diverted) and 15 minutes late or more, left or not yet.
 * - `averageDelayMinutes`: mean delay of the departures not cancelled, early counting as 0,
 *   rounded to one decimal; 0 for a day without any.
 * - `delayMinutesByCode`: the positive delay minutes of the departures not cancelled, summed by
 *   their delay code. Arrivals are left out: an arrival's delay is mostly its departure's,
 *   coded at the other airport, and would count twice.
 * Diverted arrivals never arrive here: they count as `diverted` and in no delay figure.
 */

export const ON_TIME_MINUTES = 15;

export const dayKpisSchema = z.object({
  departures: z.object({
    total: z.number().int(),
    departed: z.number().int(),
    onTime: z.number().int(),
    delayed15: z.number().int(),
    cancelled: z.number().int(),
    averageDelayMinutes: z.number(),
  }),
  arrivals: z.object({
    total: z.number().int(),
    arrived: z.number().int(),
    onTime: z.number().int(),
    delayed15: z.number().int(),
    cancelled: z.number().int(),
    diverted: z.number().int(),
  }),
  delayMinutesByCode: z.record(z.string(), z.number()),
});
export type DayKpis = z.infer<typeof dayKpisSchema>;

export type KpiFlight = Pick<
  Flight,
  'status' | 'std' | 'etd' | 'sta' | 'eta' | 'atd' | 'ata' | 'delayCode' | 'direction'
>;

export function computeKpis(
  flights: readonly KpiFlight[],
  { date, timeZone }: { date: string; timeZone: string },
): DayKpis {
  const day = localDaySpan(date, timeZone);
  const kpis: DayKpis = {
    departures: {
      total: 0,
      departed: 0,
      onTime: 0,
      delayed15: 0,
      cancelled: 0,
      averageDelayMinutes: 0,
    },
    arrivals: { total: 0, arrived: 0, onTime: 0, delayed15: 0, cancelled: 0, diverted: 0 },
    delayMinutesByCode: {},
  };
  let delaySum = 0;
  let delayCount = 0;
  for (const flight of flights) {
    const scheduled = Date.parse(movementTimes(flight).scheduled);
    if (scheduled < day.start || scheduled >= day.end) continue;
    const delay = movementDelayMinutes(flight);
    if (isArrival(flight)) {
      const arrivals = kpis.arrivals;
      arrivals.total += 1;
      if (flight.status === 'CANCELLED') arrivals.cancelled += 1;
      else if (flight.status === 'DIVERTED') arrivals.diverted += 1;
      else if (delay >= ON_TIME_MINUTES) arrivals.delayed15 += 1;
      if (flight.status === 'ON_BLOCK') {
        arrivals.arrived += 1;
        if (delay < ON_TIME_MINUTES) arrivals.onTime += 1;
      }
      continue;
    }
    const departures = kpis.departures;
    departures.total += 1;
    if (flight.status === 'CANCELLED') {
      departures.cancelled += 1;
      continue;
    }
    if (flight.status === 'DEPARTED') {
      departures.departed += 1;
      if (delay < ON_TIME_MINUTES) departures.onTime += 1;
    }
    if (delay >= ON_TIME_MINUTES) departures.delayed15 += 1;
    delaySum += Math.max(0, delay);
    delayCount += 1;
    if (delay > 0 && flight.delayCode) {
      const byCode = kpis.delayMinutesByCode;
      byCode[flight.delayCode] = (byCode[flight.delayCode] ?? 0) + delay;
    }
  }
  kpis.departures.averageDelayMinutes = delayCount
    ? Math.round((delaySum / delayCount) * 10) / 10
    : 0;
  return kpis;
}

/**
 * Delay minutes by AHM 730 group, for the KPI chart: every group in list order (zeros
 * included, so the chart keeps its shape), and "Others" for a code not in the list.
 */
export function delayMinutesByGroup(
  delayMinutesByCode: Readonly<Record<string, number>>,
): Record<string, number> {
  const byGroup: Record<string, number> = Object.fromEntries(
    DELAY_CODE_GROUPS.map((group) => [group, 0]),
  );
  for (const [code, minutes] of Object.entries(delayMinutesByCode)) {
    const group = findDelayCode(code)?.group ?? 'Others';
    byGroup[group] = (byGroup[group] ?? 0) + minutes;
  }
  return byGroup;
}
