import { useEffect } from 'react';
import { ROTATION_DELAY_CODE, type Flight, type TurnaroundLink } from '../../../../core';
import { useFlightsStore } from '../../stores/flightsStore';
import { followTurnarounds, useTurnaroundsStore } from '../../stores/turnaroundsStore';
import { submitFlightEdit, type EditOutcome } from '../../sync/flightEdits';

export interface FlightTurnaround {
  link: TurnaroundLink;
  /** The other flight of the turnaround: the inbound of a departure, the outbound of an arrival. */
  partner: Flight | undefined;
  /** Whether the flight asked about is the turnaround's departure. */
  isOutbound: boolean;
}

/** The turnaround a flight takes part in, if any; follows both flights live. */
export function useTurnaround(flightId: string): FlightTurnaround | null {
  useEffect(followTurnarounds, []);
  const link = useTurnaroundsStore((s) => s.byFlight.get(flightId));
  const isOutbound = link?.departureId === flightId;
  const partnerId = link ? (isOutbound ? link.arrivalId : link.departureId) : undefined;
  const partner = useFlightsStore((s) => (partnerId ? s.flights.get(partnerId) : undefined));
  return link ? { link, partner, isOutbound } : null;
}

/**
 * The late inbound's one action: the outbound's ETD moved to the suggested time with delay
 * code 93 (aircraft rotation), as one `flight:update` through the pending-edits outbox.
 */
export function applyTurnaroundSuggestion(link: TurnaroundLink): Promise<EditOutcome> | null {
  const departure = useFlightsStore.getState().flights.get(link.departureId);
  if (!departure || !link.suggestion) return null;
  return submitFlightEdit(departure.id, departure.version, {
    etd: link.suggestion.etd,
    delayCode: ROTATION_DELAY_CODE,
  });
}
