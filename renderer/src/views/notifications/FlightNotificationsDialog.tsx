import { useCallback, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  formatLocalTime,
  NOTIFICATION_RETRYABLE_STATUSES,
  type ListedNotification,
  type NotificationKind,
  type NotificationStatus,
} from '../../../../core';
import { destinationLabel } from '../../domain/flightPresentation';
import { useFlightsStore } from '../../stores/flightsStore';
import { openFlightNotifications, useNotificationsStore } from '../../stores/notificationsStore';
import { airportTimeZone, useSessionStore } from '../../stores/sessionStore';
import { fetchFlightNotifications, retryFlightNotification } from '../../sync/notificationRequests';
import { visibleCounts } from './notificationCounts';
import '../../styles/notifications.css';

/** Every kind the hub sends has its words here: a new kind in core does not compile without one. */
const KIND_LABELS: Record<NotificationKind, string> = {
  GATE_CHANGE: 'Gate change',
  DELAY: 'Delay',
  TIME_CHANGE: 'Time change',
  CANCELLED: 'Cancelled',
  BOARDING: 'Boarding',
  REINSTATED: 'Reinstated (correction)',
};
const RETRYABLE: ReadonlySet<string> = new Set<NotificationStatus>(NOTIFICATION_RETRYABLE_STATUSES);
/** A newer hub may send a kind this console does not know yet: it is shown as sent. */
const kindLabel = (kind: string): string =>
  (KIND_LABELS as Partial<Record<string, string>>)[kind] ?? kind;

/** A supervisor's list of one flight's passenger notifications, with retry for failed ones. */
export function FlightNotificationsDialog() {
  const flightId = useNotificationsStore((s) => s.openFlightId);
  if (!flightId) return null;
  return <NotificationList key={flightId} flightId={flightId} />;
}

function NotificationList({ flightId }: { flightId: string }) {
  const flight = useFlightsStore((s) => s.flights.get(flightId));
  const summary = useNotificationsStore((s) => s.summaries[flightId]);
  const { hubUrl, token } = useSessionStore(
    useShallow((s) => ({ hubUrl: s.hubUrl, token: s.token })),
  );
  const [notifications, setNotifications] = useState<ListedNotification[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [retrying, setRetrying] = useState<ReadonlySet<string>>(new Set());
  const dialog = useRef<HTMLDivElement>(null);
  const zone = flight?.originTimeZone ?? airportTimeZone();

  const load = useCallback(async () => {
    if (!hubUrl || !token) return;
    try {
      setNotifications(await fetchFlightNotifications(hubUrl, token, flightId));
      setProblem(null);
    } catch (error) {
      setProblem(`Cannot load the notifications: ${(error as Error).message}`);
    }
  }, [hubUrl, token, flightId]);

  // Loaded when opened, and again whenever the hub reports new counts for the flight.
  useEffect(() => {
    void load();
  }, [load, summary]);

  useEffect(() => {
    dialog.current?.focus();
    // Escape closes it wherever the focus is (a retried row's button goes away under it).
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') openFlightNotifications(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const retry = async (ids: readonly string[]) => {
    if (!hubUrl || !token || ids.length === 0) return;
    setRetrying((current) => new Set([...current, ...ids]));
    try {
      for (const id of ids) await retryFlightNotification(hubUrl, token, flightId, id);
      setProblem(null);
    } catch (error) {
      setProblem(`Retry refused: ${(error as Error).message}`);
    } finally {
      setRetrying((current) => new Set([...current].filter((id) => !ids.includes(id))));
      void load();
    }
  };

  const close = () => openFlightNotifications(null);
  const failedIds = (notifications ?? []).filter((n) => n.status === 'failed').map((n) => n.id);
  const shown = (notifications ?? []).filter((n) => !onlyProblems || RETRYABLE.has(n.status));

  return (
    <div className="dialog-backdrop" onMouseDown={close}>
      <div
        ref={dialog}
        className="panel-dialog notify-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="notify-dialog-title"
        data-testid="notify-dialog"
        tabIndex={-1}
        onMouseDown={(event) => event.stopPropagation()}
      >
        <header className="notify-dialog-head">
          <div>
            <h2 id="notify-dialog-title">
              Passenger notifications · {flight?.flightNumber ?? flightId}
            </h2>
            <p className="notify-dialog-sub">
              {flight ? `${destinationLabel(flight)} · gate ${flight.gate ?? '—'} · ` : ''}
              {summary ? `${summary.passengers} passengers on the manifest` : 'no manifest'}
            </p>
          </div>
          <button type="button" className="notify-close" onClick={close} aria-label="Close">
            ×
          </button>
        </header>
        {summary && (
          <div className="notify-dialog-counts" data-testid="notify-dialog-counts">
            {visibleCounts(summary.counts).map(({ tone, label, value }) => (
              <span key={tone} className={`notify-total notify-${tone}`}>
                <strong>{value}</strong> {label}
              </span>
            ))}
          </div>
        )}
        <div className="notify-dialog-tools">
          <label>
            <input
              type="checkbox"
              checked={onlyProblems}
              onChange={(event) => setOnlyProblems(event.target.checked)}
            />{' '}
            Only failed and not sent
          </label>
          <button
            type="button"
            className="notify-retry-all"
            disabled={failedIds.length === 0 || retrying.size > 0}
            onClick={() => void retry(failedIds)}
          >
            Retry {failedIds.length} failed
          </button>
        </div>
        {problem && (
          <p className="notify-problem" role="alert">
            {problem}
          </p>
        )}
        <div className="notify-table-wrap">
          <table className="notify-table" data-testid="notify-table">
            <thead>
              <tr>
                <th>Passenger</th>
                <th>Channel</th>
                <th>Kind</th>
                <th>Status</th>
                <th className="num">Tries</th>
                <th>Created</th>
                <th>Sent</th>
                <th>Error</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {notifications === null && !problem && (
                <tr>
                  <td colSpan={9} className="notify-empty">
                    Loading…
                  </td>
                </tr>
              )}
              {notifications !== null && shown.length === 0 && (
                <tr>
                  <td colSpan={9} className="notify-empty">
                    {onlyProblems ? 'Nothing failed.' : 'No passenger has been notified yet.'}
                  </td>
                </tr>
              )}
              {shown.map((n) => (
                <tr key={n.id} data-status={n.status}>
                  <td>
                    {n.passengerName && <span className="notify-passenger">{n.passengerName}</span>}
                    <span className="mono notify-pnr">{n.pnr}</span>
                  </td>
                  <td>
                    {n.channel === 'sms' ? 'SMS' : n.channel === 'email' ? 'E-mail' : n.channel}
                  </td>
                  <td>{kindLabel(n.kind)}</td>
                  <td>
                    <span className={`notify-status notify-${toneOf(n.status)}`}>
                      {n.status === 'skipped' ? 'not sent' : n.status}
                    </span>
                  </td>
                  <td className="num">{n.attempts}</td>
                  <td className="mono">{formatLocalTime(n.createdAt, zone)}</td>
                  <td className="mono">{n.sentAt ? formatLocalTime(n.sentAt, zone) : '—'}</td>
                  <td className="notify-error" title={n.error}>
                    {n.error ?? ''}
                  </td>
                  <td>
                    {RETRYABLE.has(n.status) && (
                      <button
                        type="button"
                        className="notify-retry"
                        disabled={retrying.has(n.id)}
                        onClick={() => void retry([n.id])}
                      >
                        {retrying.has(n.id) ? 'Retrying…' : 'Retry'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

function toneOf(status: string): string {
  if (status === 'sending') return 'queued';
  if (status === 'skipped') return 'skipped';
  return status;
}
