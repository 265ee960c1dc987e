import { useConnectionStore } from '../../stores/connectionStore';
import '../../styles/pending-history.css';
import { usePendingEditsStore, type PendingEditEntry } from '../../stores/pendingEditsStore';
import { useSessionStore } from '../../stores/sessionStore';
import { selectFlight } from '../../stores/uiStore';
import { takeTheirs } from '../../sync/pendingEdits';
import { fieldLabel, formatFieldValue } from '../history/fieldValues';

export function useAirportZone(): string {
  const zone = useSessionStore((s) => s.airport?.timeZone);
  return zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const STATE_LABELS = {
  queued: 'waiting to send',
  sending: 'sent, awaiting the hub',
  conflict: 'conflict — choose',
  refused: 'refused',
} as const;

/**
 * Every change of this console the hub has not confirmed: waiting (offline, or an ack lost),
 * in flight, in conflict, or refused. Shown above the grid while there is any.
 */
export function PendingEditsList() {
  const edits = usePendingEditsStore((s) => s.edits);
  const connected = useConnectionStore((s) => s.status === 'connected');
  if (edits.length === 0) return null;
  const waiting = edits.filter((e) => e.state === 'queued' || e.state === 'sending').length;
  const problems = edits.length - waiting;
  return (
    <section className="pending-list" data-testid="pending-list" aria-label="Pending changes">
      <header className="pending-list-head">
        <strong>
          {waiting > 0 && `${waiting} pending change${waiting === 1 ? '' : 's'}`}
          {waiting > 0 && problems > 0 && ' · '}
          {problems > 0 && `${problems} need${problems === 1 ? 's' : ''} you`}
        </strong>
        {waiting > 0 && (
          <span className="pending-list-hint">
            {connected
              ? 'sending to the hub…'
              : 'kept here and sent when the hub is back (same change ids, applied once)'}
          </span>
        )}
      </header>
      <ul>
        {edits.map((edit) => (
          <PendingEditItem key={edit.opId} edit={edit} />
        ))}
      </ul>
    </section>
  );
}

function PendingEditItem({ edit }: { edit: PendingEditEntry }) {
  const zone = useAirportZone();
  const summary = Object.entries(edit.changes)
    .map(([field, value]) => `${fieldLabel(field)} → ${formatFieldValue(field, value, zone)}`)
    .join(', ');
  return (
    <li
      className={`pending-item pending-${edit.state}`}
      data-testid="pending-item"
      data-flight-id={edit.flightId}
      data-state={edit.state}
      data-op-id={edit.opId}
    >
      <button type="button" className="pending-flight" onClick={() => selectFlight(edit.flightId)}>
        {edit.flightNumber}
      </button>
      <span className="pending-summary">{summary}</span>
      <span className="pending-state">{STATE_LABELS[edit.state]}</span>
      {edit.state === 'refused' && (
        <>
          <span className="pending-message" data-testid="pending-refusal">
            {edit.message}
          </span>
          <button type="button" className="button-quiet" onClick={() => takeTheirs(edit.opId)}>
            Dismiss
          </button>
        </>
      )}
    </li>
  );
}
