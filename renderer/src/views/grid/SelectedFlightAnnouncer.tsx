import { useEffect, useRef, useState } from 'react';
import { formatLocalTime, type Flight } from '../../../../core';
import { STATUS_LABELS, flightTimeZone } from '../../domain/flightPresentation';
import { useFlightsStore } from '../../stores/flightsStore';
import { useSessionStore } from '../../stores/sessionStore';
import { useUiStore } from '../../stores/uiStore';

/** What of a change to the selected flight is read out, in words. */
export function describeFlightChange(before: Flight, after: Flight, zone: string): string | null {
  const parts: string[] = [];
  if (before.gate !== after.gate) parts.push(`gate ${after.gate ?? 'none'}`);
  if (before.etd !== after.etd) parts.push(`departure ${formatLocalTime(after.etd, zone)}`);
  if (before.status !== after.status) parts.push(STATUS_LABELS[after.status].toLowerCase());
  if (before.delayCode !== after.delayCode) parts.push(`delay code ${after.delayCode ?? 'none'}`);
  if (before.remark !== after.remark) parts.push(`remark ${after.remark ?? 'cleared'}`);
  if (parts.length === 0) return null;
  return `${after.flightNumber} changed by ${after.updatedBy ?? 'the hub'}: ${parts.join(', ')}.`;
}

/**
 * A polite live region (WCAG 4.1.3): changes someone else makes to the flight the agent has
 * selected are read out, once, without moving the focus. Their own changes are not repeated.
 */
export function SelectedFlightAnnouncer() {
  const selectedFlightId = useUiStore((s) => s.selectedFlightId);
  const flight = useFlightsStore((s) =>
    selectedFlightId ? s.flights.get(selectedFlightId) : undefined,
  );
  const username = useSessionStore((s) => s.user?.username);
  const airportZone = useSessionStore((s) => s.airport?.timeZone);
  const previous = useRef<Flight | undefined>(undefined);
  const [message, setMessage] = useState('');

  useEffect(() => {
    const before = previous.current;
    previous.current = flight;
    if (!before || !flight || before.id !== flight.id || before.version >= flight.version) return;
    if (flight.updatedBy === username) return;
    const zone = flightTimeZone(flight, airportZone ?? 'UTC');
    const said = describeFlightChange(before, flight, zone);
    if (said) setMessage(said);
  }, [flight, username, airportZone]);

  return (
    <div
      className="visually-hidden"
      role="status"
      aria-live="polite"
      data-testid="flight-announcer"
    >
      {message}
    </div>
  );
}
