import { create } from 'zustand';
import { linkTurnarounds, turnaroundsByFlight, type TurnaroundLink } from '../../../core';
import { useFlightsStore } from './flightsStore';

export interface TurnaroundsState {
  /** Each link under both its flights' ids (core/turnarounds.ts). */
  byFlight: ReadonlyMap<string, TurnaroundLink>;
}

export const useTurnaroundsStore = create<TurnaroundsState>()(() => ({ byFlight: new Map() }));

/** At most this often: a burst of changes links the day once, not once per change. */
const RELINK_AFTER_MS = 200;

let following = false;

/**
 * Keeps the links following the flights (by registration, else by the schedule's onward flight) (from the first component that asks, for the page's
 * life): the whole day is linked again after changes (a few ms for thousands of flights), with
 * the same `linkTurnarounds` the hub's tests prove. A link that did not change keeps its object,
 * so only the rows whose turnaround moved draw again.
 */
export function followTurnarounds(): void {
  if (following) return;
  following = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const relink = () => {
    timer = null;
    const flights = [...useFlightsStore.getState().flights.values()];
    const onward = new Map(flights.flatMap((f) => (f.onward ? [[f.id, f.onward] as const] : [])));
    const next = turnaroundsByFlight(linkTurnarounds(flights, { onward }));
    const previous = useTurnaroundsStore.getState().byFlight;
    const byFlight = new Map<string, TurnaroundLink>();
    let changed = next.size !== previous.size;
    for (const [id, link] of next) {
      const before = previous.get(id);
      const same = before !== undefined && sameLink(before, link);
      byFlight.set(id, same ? before : link);
      if (!same) changed = true;
    }
    if (changed) useTurnaroundsStore.setState({ byFlight });
  };
  relink();
  useFlightsStore.subscribe((state, previous) => {
    if (state.flights !== previous.flights && timer === null) {
      timer = setTimeout(relink, RELINK_AFTER_MS);
    }
  });
}

function sameLink(a: TurnaroundLink, b: TurnaroundLink): boolean {
  return (
    a.arrivalId === b.arrivalId &&
    a.departureId === b.departureId &&
    a.via === b.via &&
    a.minimumTurnaroundMinutes === b.minimumTurnaroundMinutes &&
    a.suggestion?.etd === b.suggestion?.etd &&
    a.suggestion?.lateByMinutes === b.suggestion?.lateByMinutes
  );
}
