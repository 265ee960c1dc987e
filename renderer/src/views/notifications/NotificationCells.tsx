import type { ICellRendererParams } from 'ag-grid-community';
import { can } from '../../../../core';
import { openFlightNotifications, useNotificationsStore } from '../../stores/notificationsStore';
import { useSessionStore } from '../../stores/sessionStore';
import type { FlightRow } from '../grid/flightRow';
import { describeCounts, visibleCounts } from './notificationCounts';
import '../../styles/notifications.css';

/** Passengers on the flight's manifest, kept live by `notifications:summary`. */
export function PassengerCountCell({ data }: ICellRendererParams<FlightRow>) {
  const passengers = useNotificationsStore((s) =>
    data ? s.summaries[data.id]?.passengers : undefined,
  );
  if (!data) return null;
  return (
    <span className="pax-count" data-testid="pax-count">
      {passengers ?? '—'}
    </span>
  );
}

/**
 * The flight's passenger notifications by status (queued, sent, delivered, failed, not sent),
 * live. Supervisors click it to open the list and retry failed ones.
 */
export function NotificationCountsCell({ data }: ICellRendererParams<FlightRow>) {
  const counts = useNotificationsStore((s) => (data ? s.summaries[data.id]?.counts : undefined));
  const supervisor = useSessionStore((s) =>
    s.user ? can(s.user.role, 'managePassengers') : false,
  );
  if (!data) return null;
  const shown = counts ? visibleCounts(counts).filter((count) => count.value > 0) : [];
  const chips =
    shown.length === 0 ? (
      <span className="notify-none">—</span>
    ) : (
      shown.map(({ tone, label, short, value }) => (
        <span key={tone} className={`notify-count notify-${tone}`} title={label}>
          {value}
          <span className="notify-count-label">{short}</span>
        </span>
      ))
    );
  const title = counts ? `Passenger notifications: ${describeCounts(counts)}` : undefined;
  if (!supervisor) {
    return (
      <span className="notify-counts" title={title} data-testid="notify-counts">
        {chips}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="notify-counts notify-open"
      // Reached with Enter on the cell: one tab stop per row would trap Tab in the grid.
      tabIndex={-1}
      title={title ? `${title}. Open the list` : 'Open the notification list'}
      data-testid="notify-counts"
      onClick={(event) => {
        event.stopPropagation();
        openFlightNotifications(data.id);
      }}
    >
      {chips}
    </button>
  );
}
