import { useShallow } from 'zustand/react/shallow';
import { useConnectionStore } from '../../stores/connectionStore';
import { useNow } from '../../hooks/useNow';

export function formatAgo(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const LABELS = {
  idle: 'Not connected',
  connecting: 'Connecting',
  connected: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
} as const;

export function ConnectionIndicator() {
  const { status, lastSyncAt, problem } = useConnectionStore(
    useShallow((s) => ({ status: s.status, lastSyncAt: s.lastSyncAt, problem: s.problem })),
  );
  const now = useNow(1000);
  const detail =
    status === 'connected'
      ? null
      : lastSyncAt
        ? `last sync ${formatAgo(now - lastSyncAt)} ago`
        : status === 'connecting'
          ? null
          : 'never synced';
  return (
    <div
      className={`connection connection-${status}`}
      data-testid="connection-indicator"
      data-status={status}
      title={
        problem ?? (lastSyncAt ? `Last synchronised ${formatAgo(now - lastSyncAt)} ago` : undefined)
      }
    >
      <span className="connection-dot" aria-hidden="true" />
      {/* Only the state is live: the "last sync" age below ticks every second and would be
          announced every second while offline. */}
      <span className="connection-label" role="status">
        {LABELS[status]}
      </span>
      {detail && <span className="connection-detail">{detail}</span>}
    </div>
  );
}
