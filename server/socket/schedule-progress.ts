import type { ImportProgress } from '../schedules/schedule-imports';
import type { EveryHubBroadcast } from '../cluster/every-hub-broadcast';

/** Supervisors' consoles join this room to follow schedule imports. */
export const SUPERVISORS_ROOM = 'supervisors';

/**
 * `schedules:progress` to supervisors' consoles, at most every 200 ms (and always the end of a
 * phase), so a 20,000-leg import is a few dozen events.
 */
export function throttledImportProgress(
  broadcast: EveryHubBroadcast,
  intervalMs = 200,
): (progress: ImportProgress & { by: string }) => void {
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (now - last < intervalMs && progress.done < progress.total) return;
    last = now;
    for (const target of broadcast.targets(SUPERVISORS_ROOM)) {
      target.emit('schedules:progress', progress);
    }
  };
}
