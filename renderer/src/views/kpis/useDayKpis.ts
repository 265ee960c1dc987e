import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  computeKpis,
  localDaySpan,
  movementTimes,
  type DayKpis,
  type Flight,
} from '../../../../core';
import { useFlightsStore } from '../../stores/flightsStore';
import { useSessionStore } from '../../stores/sessionStore';
import { fetchArchivedFlights } from '../../sync/kpiRequests';

export interface DayKpisState {
  kpis: DayKpis;
  /** The flights counted (for the report). */
  flights: readonly Flight[];
  /** The archived part could not be read: the figures cover live flights only. */
  archiveError: string | null;
  loadingArchive: boolean;
}

/**
 * A local day's KPIs, live: the flights of the console's store on that date, plus those the hub
 * has already archived (read once per date), through the same `computeKpis` as `GET /api/kpis`,
 * so the strip and the hub agree. Flights seen once are kept for the date, so a flight archived
 * while the strip is open still counts.
 */
export function useDayKpis(date: string, timeZone: string): DayKpisState {
  const flights = useFlightsStore((s) => s.flights);
  const { hubUrl, token } = useSessionStore(
    useShallow((s) => ({ hubUrl: s.hubUrl, token: s.token })),
  );
  const [archived, setArchived] = useState<{ date: string; flights: Flight[] } | null>(null);
  const [archiveError, setArchiveError] = useState<string | null>(null);
  const seen = useRef<{ date: string; flights: Map<string, Flight> }>({
    date,
    flights: new Map(),
  });

  useEffect(() => {
    if (!hubUrl || !token) return;
    let current = true;
    setArchiveError(null);
    fetchArchivedFlights(hubUrl, token, date).then(
      (list) => current && setArchived({ date, flights: list }),
      (error: unknown) => {
        if (!current) return;
        setArchived({ date, flights: [] });
        setArchiveError(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      current = false;
    };
  }, [hubUrl, token, date]);

  return useMemo(() => {
    if (seen.current.date !== date) seen.current = { date, flights: new Map() };
    const kept = seen.current.flights;
    const { start, end } = localDaySpan(date, timeZone);
    const keep = (flight: Flight) => {
      const scheduled = Date.parse(movementTimes(flight).scheduled);
      if (scheduled < start || scheduled >= end) return;
      const known = kept.get(flight.id);
      if (!known || known.version <= flight.version) kept.set(flight.id, flight);
    };
    if (archived?.date === date) archived.flights.forEach(keep);
    for (const flight of flights.values()) keep(flight);
    const counted = [...kept.values()];
    return {
      kpis: computeKpis(counted, { date, timeZone }),
      flights: counted,
      archiveError,
      loadingArchive: archived?.date !== date,
    };
  }, [flights, archived, archiveError, date, timeZone]);
}
