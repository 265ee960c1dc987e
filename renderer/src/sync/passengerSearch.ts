import { staffPassengerSearchSchema, type StaffPassengerSearch } from '../../../core';

const REQUEST_TIMEOUT_MS = 8_000;

/** `GET /api/passengers?pnr=X` (supervisor; agent within its scope). Null: no such booking. */
export async function searchPassenger(
  hubUrl: string,
  token: string,
  pnr: string,
): Promise<StaffPassengerSearch | null> {
  let response: Response;
  try {
    response = await fetch(`${hubUrl}/api/passengers?pnr=${encodeURIComponent(pnr)}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new Error('cannot reach the hub');
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 404) return null;
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new Error(typeof message === 'string' ? message : `HTTP ${response.status}`);
  }
  return staffPassengerSearchSchema.parse(body);
}
