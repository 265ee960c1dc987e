/**
 * The stretches of the day a flight list can show: the next three hours (plus what is overdue
 * or just gone), the airport's local today, or everything the hub holds. Remembered per
 * workstation, so the console's settings and the desktop's settings file both check against it.
 */
export const TIME_WINDOWS = ['next3h', 'today', 'all'] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];

export function isTimeWindow(value: unknown): value is TimeWindow {
  return (TIME_WINDOWS as readonly unknown[]).includes(value);
}
