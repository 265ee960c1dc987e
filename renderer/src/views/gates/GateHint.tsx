import { useEffect, useMemo } from 'react';
import { movementTimes, type Flight } from '../../../../core';
import { gateClash, gateIndex } from '../../domain/gateAvailability';
import { localTime } from '../../domain/localClock';
import { useFlightsStore } from '../../stores/flightsStore';
import { useGatesStore } from '../../stores/gatesStore';
import { airportTimeZone } from '../../stores/sessionStore';
import { ensureGateList } from '../../sync/gateList';

/**
 * Under the edit panel's gate field: warns when the gate being typed is held by another flight
 * in this flight's window, or is not in the gate list. Only a hint: the agent may still send it
 * (the hub decides, and lists the conflict if there is one).
 */
export function GateHint({ flight, gate }: { flight: Flight; gate: string }) {
  const gates = useGatesStore((s) => s.gates);
  const flights = useFlightsStore((s) => s.flights);
  useEffect(ensureGateList, []);
  const zone = airportTimeZone();
  const clash = useMemo(() => {
    if (!gates || gate.trim().toUpperCase() === (flight.gate ?? '').toUpperCase()) return null;
    return gateClash(flight, gate, gateIndex(flights, gates, zone));
  }, [flight, gate, gates, flights, zone]);
  if (!clash || (!clash.unknown && clash.busyWith.length === 0)) return null;
  const busy = clash.busyWith
    .map((other) => `${other.flightNumber} (${localTime(movementTimes(other).estimated, zone)})`)
    .join(', ');
  return (
    <p className="gate-hint" data-testid="gate-hint" role="status">
      {clash.busyWith.length > 0 && (
        <>
          Gate {gate} is taken then by {busy}.{' '}
        </>
      )}
      {clash.unknown && <>Gate {gate} is not in the gate list. </>}
      You can still send it.
    </p>
  );
}
