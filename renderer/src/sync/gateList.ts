import { describeZodError, gatesBodySchema, type GateEntry } from '../../../core';
import { replaceGateList, useGatesStore } from '../stores/gatesStore';
import { useSessionStore } from '../stores/sessionStore';

const REQUEST_TIMEOUT_MS = 10_000;

function session() {
  const { hubUrl, token } = useSessionStore.getState();
  if (!hubUrl || !token) throw new Error('not signed in');
  return { hubUrl, token };
}

async function readGates(response: Response): Promise<GateEntry[]> {
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new Error(typeof message === 'string' ? message : `HTTP ${response.status}`);
  }
  const parsed = gatesBodySchema.safeParse(body);
  if (!parsed.success) throw new Error(`unreadable gate list: ${describeZodError(parsed.error)}`);
  return parsed.data.gates;
}

/** `GET /api/gates` into the gates store. */
export async function loadGateList(): Promise<GateEntry[]> {
  const { hubUrl, token } = session();
  const response = await fetch(`${hubUrl}/api/gates`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const gates = await readGates(response);
  replaceGateList(gates);
  return gates;
}

/** `PUT /api/gates` (supervisor); rejects with the hub's own words when refused. */
export async function saveGateList(gates: readonly GateEntry[]): Promise<GateEntry[]> {
  const { hubUrl, token } = session();
  const response = await fetch(`${hubUrl}/api/gates`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ gates }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const saved = await readGates(response);
  replaceGateList(saved);
  return saved;
}

let loading: Promise<unknown> | null = null;

/** Reads the gate list once per session when something needs it (a failure is retried later). */
export function ensureGateList(): void {
  if (loading || useGatesStore.getState().gates !== null) return;
  loading = loadGateList()
    .catch((error: unknown) => console.warn(`Gate list not read: ${(error as Error).message}`))
    .finally(() => {
      loading = null;
    });
}
