import { useEffect, useState } from 'react';
import { plainRefusal, undoAvailability, type HistoryEntry } from '../../../../core';
import { useConnectionStore } from '../../stores/connectionStore';
import { useFlightsStore } from '../../stores/flightsStore';
import { useSessionStore } from '../../stores/sessionStore';
import { fetchFlightHistory, undoLastChange } from '../../sync/flightHistory';
import { useAirportZone } from '../pending/PendingEditsList';
import { fieldLabel, formatFieldValue, formatWhen } from './fieldValues';

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'loaded'; entries: HistoryEntry[]; total: number; version: number };

/**
 * A flight's audit trail from the hub (who, when, where, each field from → to), reloaded when the
 * flight's version moves, and "Undo my last change" for the signed-in agent.
 */
export function FlightHistoryPanel({ flightId }: { flightId: string }) {
  const flight = useFlightsStore((s) => s.flights.get(flightId));
  const version = flight?.version ?? 0;
  const connected = useConnectionStore((s) => s.status === 'connected');
  const username = useSessionStore((s) => s.user?.username ?? '');
  const zone = useAirportZone();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [undoState, setUndoState] = useState<{ busy: boolean; message: string | null }>({
    busy: false,
    message: null,
  });

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    fetchFlightHistory(flightId).then(
      (ack) => {
        if (cancelled) return;
        setLoaded(
          ack.ok
            ? { state: 'loaded', entries: ack.entries, total: ack.total, version }
            : { state: 'failed', message: ack.error.message },
        );
      },
      (error: unknown) => {
        if (!cancelled) setLoaded({ state: 'failed', message: (error as Error).message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [flightId, version, connected]);

  const entries = loaded.state === 'loaded' ? loaded.entries : [];
  // Undo is offered only where the hub would accept it; otherwise the panel says why not.
  const availability =
    flight && loaded.state === 'loaded' && loaded.version === version
      ? undoAvailability(entries, username, flight, new Date().toISOString())
      : ({ kind: 'none' } as const);
  const mine = availability.kind === 'possible' ? availability.entry : undefined;
  const blocked = availability.kind === 'blocked' ? plainRefusal(availability.reason, zone) : null;
  const undo = async () => {
    if (!mine) return;
    setUndoState({ busy: true, message: null });
    try {
      const ack = await undoLastChange(flightId, mine.opId);
      setUndoState({
        busy: false,
        message: ack.ok
          ? `Undone (version ${ack.flight.version}).`
          : plainRefusal(ack.error.message, zone),
      });
    } catch (error) {
      setUndoState({ busy: false, message: (error as Error).message });
    }
  };

  return (
    <section className="history" data-testid="history" aria-label="History">
      <header className="history-head">
        <h3>History</h3>
        {loaded.state === 'loaded' && <span className="history-count">{loaded.total}</span>}
        <button
          type="button"
          className="button-quiet history-undo"
          data-testid="undo-last"
          disabled={!mine || undoState.busy || !connected}
          aria-describedby={blocked ? `undo-why-${flightId}` : undefined}
          title={
            mine
              ? `Undo your change of ${Object.keys(mine.fields).map(fieldLabel).join(', ')}`
              : (blocked ?? 'You have no change on this flight to undo')
          }
          onClick={() => void undo()}
        >
          Undo my last change
        </button>
      </header>
      {blocked && (
        <p className="history-undo-why" id={`undo-why-${flightId}`} data-testid="undo-why">
          {blocked}
        </p>
      )}
      {undoState.message && (
        <div className="history-undo-message" data-testid="undo-message" role="status">
          {undoState.message}
        </div>
      )}
      {!connected && loaded.state !== 'loaded' && (
        <p className="history-empty">History is loaded from the hub when connected.</p>
      )}
      {loaded.state === 'failed' && <p className="history-empty">{loaded.message}</p>}
      {loaded.state === 'loaded' && entries.length === 0 && (
        <p className="history-empty">No changes yet.</p>
      )}
      <ol className="history-list" data-testid="history-list">
        {entries.map((entry) => (
          <li
            key={entry.seq}
            className={entry.undoOf ? 'history-entry history-undo-entry' : 'history-entry'}
            data-testid="history-entry"
            data-op-id={entry.opId}
          >
            <div className="history-meta">
              <span className="history-when">{formatWhen(entry.at, zone)}</span>
              <span className="history-by">{entry.by}</span>
              {entry.workstation && <span className="history-ws">{entry.workstation}</span>}
              <span className="history-version">v{entry.version}</span>
              {entry.undoOf && <span className="history-tag">undo</span>}
            </div>
            <ul className="history-fields">
              {Object.entries(entry.fields).map(([field, change]) => (
                <li key={field}>
                  <span className="history-field">{fieldLabel(field)}</span>{' '}
                  <span className="history-from">
                    {formatFieldValue(field, change?.from, zone)}
                  </span>
                  {' → '}
                  <span className="history-to">{formatFieldValue(field, change?.to, zone)}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
