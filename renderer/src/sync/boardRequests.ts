import { z } from 'zod';
import { displayStatusListSchema, type DisplayStatus } from '../../../core';

const REQUEST_TIMEOUT_MS = 8_000;

const gateChangesSchema = z.object({
  gateChanges: z.array(z.object({ flightId: z.string(), from: z.string(), at: z.string() })),
});
export type RecentGateChange = z.infer<typeof gateChangesSchema>['gateChanges'][number];

async function getJson(hubUrl: string, token: string, path: string): Promise<unknown> {
  const response = await fetch(`${hubUrl}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** `GET /api/board/gate-changes`: gates moved within the notice period, by the hub's record. */
export async function fetchRecentGateChanges(
  hubUrl: string,
  token: string,
): Promise<RecentGateChange[]> {
  return gateChangesSchema.parse(await getJson(hubUrl, token, '/api/board/gate-changes'))
    .gateChanges;
}

/** `GET /api/displays` (supervisor): each public screen, connected or when last seen. */
export async function fetchDisplayStatuses(
  hubUrl: string,
  token: string,
): Promise<DisplayStatus[]> {
  return displayStatusListSchema.parse(await getJson(hubUrl, token, '/api/displays')).displays;
}
