import { useConnectionStore } from '../../stores/connectionStore';
import { usePendingEditsStore } from '../../stores/pendingEditsStore';

/** In the edit panel, what is happening to this flight's unconfirmed change. */
export function PendingEditNotice({ flightId }: { flightId: string }) {
  const edit = usePendingEditsStore((s) =>
    s.edits.find(
      (entry) =>
        entry.flightId === flightId && (entry.state === 'queued' || entry.state === 'sending'),
    ),
  );
  const connected = useConnectionStore((s) => s.status === 'connected');
  if (!edit) return null;
  const text =
    edit.state === 'sending'
      ? 'Sending to the hub…'
      : connected
        ? `Waiting to be sent again${edit.message ? ` (${edit.message})` : ''}…`
        : 'Pending: the hub is not reachable. Kept and sent when it is back.';
  return (
    <div className="edit-pending" data-testid="edit-pending" data-state={edit.state}>
      {text}
    </div>
  );
}
