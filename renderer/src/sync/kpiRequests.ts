import { z } from 'zod';
import { dayKpisSchema, flightSchema, type DayKpis, type Flight } from '../../../core';

const REQUEST_TIMEOUT_MS = 8_000;

const archivedFlightsSchema = z.object({ date: z.string(), flights: z.array(flightSchema) });

async function getJson(hubUrl: string, token: string, path: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${hubUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new Error('cannot reach the hub');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new Error(typeof message === 'string' ? message : `HTTP ${response.status}`);
  }
  return body;
}

/** `GET /api/kpis?date=` (contract section 11): a day's KPIs as the hub computes them. */
export async function fetchDayKpis(hubUrl: string, token: string, date: string): Promise<DayKpis> {
  const body = await getJson(hubUrl, token, `/api/kpis?date=${encodeURIComponent(date)}`);
  return dayKpisSchema.parse(body);
}

/** `GET /api/flights/archived?date=`: the day's flights that have left the live table. */
export async function fetchArchivedFlights(
  hubUrl: string,
  token: string,
  date: string,
): Promise<Flight[]> {
  const body = await getJson(
    hubUrl,
    token,
    `/api/flights/archived?date=${encodeURIComponent(date)}`,
  );
  return archivedFlightsSchema.parse(body).flights;
}
