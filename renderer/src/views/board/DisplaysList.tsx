import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DisplayStatus } from '../../../../core';
import { useNow } from '../../hooks/useNow';
import { useSessionStore } from '../../stores/sessionStore';
import { fetchDisplayStatuses } from '../../sync/boardRequests';

/** How often a supervisor's list asks the hub again. */
const REFRESH_MS = 15_000;

function ago(iso: string | null, now: number): string {
  if (iso === null) return 'never seen';
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'seen just now';
  if (minutes < 120) return `seen ${minutes} min ago`;
  return `seen ${Math.floor(minutes / 60)} h ago`;
}

/**
 * The airport's public screens, for supervisors (`GET /api/displays`): which are connected, and
 * how long since the others were. A screen missing for long shows passengers a safe screen.
 */
export function DisplaysList() {
  const { hubUrl, token } = useSessionStore(
    useShallow((s) => ({ hubUrl: s.hubUrl, token: s.token })),
  );
  const [displays, setDisplays] = useState<DisplayStatus[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const now = useNow(REFRESH_MS);
  useEffect(() => {
    if (!hubUrl || !token) return;
    let live = true;
    fetchDisplayStatuses(hubUrl, token).then(
      (list) => {
        if (!live) return;
        setDisplays(list);
        setProblem(null);
      },
      (error: unknown) => live && setProblem((error as Error).message),
    );
    return () => {
      live = false;
    };
  }, [hubUrl, token, now]);

  return (
    <details className="displays-list" data-testid="displays-list">
      <summary>
        Displays
        {displays &&
          ` · ${displays.filter((d) => d.connections > 0).length} of ${displays.length} connected`}
      </summary>
      {problem && <p className="displays-problem">Cannot read the displays: {problem}</p>}
      {displays?.length === 0 && (
        <p className="displays-empty">
          No displays yet: <code>npm run hub -- displays add &lt;name&gt;</code>
        </p>
      )}
      {displays && displays.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Display</th>
              <th scope="col">Shows</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {displays.map((display) => (
              <tr key={display.name} data-testid="display-status" data-display={display.name}>
                <td>{display.name}</td>
                <td>
                  {display.kind}
                  {display.terminal ? ` · ${display.terminal}` : ''}
                </td>
                <td data-connected={display.connections > 0}>
                  {display.connections > 0
                    ? `● connected${display.connections > 1 ? ` (${display.connections})` : ''}`
                    : `○ ${ago(display.lastSeenAt, now)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
