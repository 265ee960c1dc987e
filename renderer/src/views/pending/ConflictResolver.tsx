import { usePendingEditsStore } from '../../stores/pendingEditsStore';
import { keepMine, takeTheirs } from '../../sync/pendingEdits';
import { fieldLabel, formatFieldValue, formatWhen } from '../history/fieldValues';
import { useAirportZone } from './PendingEditsList';

/**
 * A change of mine the hub refused with CONFLICT: per field my value, the current one, and who
 * changed it when. Keep mine re-sends my change on the current version (new opId); take theirs
 * drops it.
 */
export function ConflictResolver({ flightId }: { flightId: string }) {
  const conflict = usePendingEditsStore((s) =>
    s.edits.find((edit) => edit.flightId === flightId && edit.state === 'conflict'),
  );
  const zone = useAirportZone();
  if (!conflict) return null;
  return (
    <div className="conflict" role="alert" data-testid="conflict">
      <p className="conflict-title">
        Someone changed this flight before your change reached the hub. Which value stands?
      </p>
      <table className="conflict-table">
        <thead>
          <tr>
            <th />
            <th>Yours</th>
            <th>Current</th>
            <th>Changed by</th>
          </tr>
        </thead>
        <tbody>
          {conflict.conflicts.map((field) => (
            <tr key={field.field} data-testid="conflict-field" data-field={field.field}>
              <th>{fieldLabel(field.field)}</th>
              <td className="conflict-mine" data-testid="conflict-mine">
                {formatFieldValue(field.field, field.mine, zone)}
              </td>
              <td className="conflict-current" data-testid="conflict-current">
                {formatFieldValue(field.field, field.current, zone)}
              </td>
              <td data-testid="conflict-by">
                {field.by ?? 'someone'}
                {field.at && ` at ${formatWhen(field.at, zone)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="conflict-actions">
        <button
          type="button"
          className="button-primary"
          data-testid="conflict-keep-mine"
          onClick={() => void keepMine(conflict.opId)}
        >
          Keep mine
        </button>
        <button
          type="button"
          className="button-quiet"
          data-testid="conflict-take-theirs"
          onClick={() => takeTheirs(conflict.opId)}
        >
          Take current
        </button>
      </div>
    </div>
  );
}
