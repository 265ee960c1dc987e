import { useEffect, useState } from 'react';
import type { Flight } from '../../../core';
import { useFlightsStore } from '../stores/flightsStore';

/**
 * The flights store's table, re-read at most once per `intervalMs`: for views whose work grows
 * with the day (ranking free gates) that need not follow every change within the second. A change
 * after a quiet spell shows at once; a burst shows at the end of the interval.
 */
export function useThrottledFlights(intervalMs: number): ReadonlyMap<string, Flight> {
  const [flights, setFlights] = useState(() => useFlightsStore.getState().flights);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = -Infinity;
    const read = () => {
      timer = undefined;
      last = Date.now();
      setFlights(useFlightsStore.getState().flights);
    };
    const stop = useFlightsStore.subscribe((state, previous) => {
      if (state.flights === previous.flights || timer) return;
      timer = setTimeout(read, Math.max(0, last + intervalMs - Date.now()));
    });
    read();
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [intervalMs]);
  return flights;
}
