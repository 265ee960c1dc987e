import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Ack, Flight, FlightHistoryResult, HistoryEntry } from '../../core';
import { request, requestRaw, type HubClient } from '../../test-support/hub-harness';
import { connectAt, loginAt } from '../../test-support/hub-client';
import { startHubProcess, type HubProcess } from '../../test-support/hub-process';

/**
 * The hub as a real process (`tsx server/main.ts`), killed with SIGKILL in the middle of a burst
 * of changes from several clients, then started again on the same data folder.
 */
const running: HubProcess[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const hub of running.splice(0)) hub.kill('SIGKILL');
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function startHub(dataDir: string): Promise<HubProcess> {
  const hub = await startHubProcess({
    env: {
      JETBRIDGE_DATA_DIR: dataDir,
      JETBRIDGE_PORT: '0',
      JETBRIDGE_HOST: '127.0.0.1',
      // Demo users, no demo day: the flights come from the schedule imported below, and nothing
      // but the test changes them.
      JETBRIDGE_DEMO: '1',
      JETBRIDGE_AIRPORT: 'BOM',
      JETBRIDGE_SECRET: 'crash-test-secret-0123456789abcdef0123',
    },
  });
  running.push(hub);
  return hub;
}

async function connect(url: string, username: string): Promise<HubClient> {
  return connectAt(url, await loginAt(url, username), { workstation: `crash-${username}` });
}

interface Acked {
  opId: string;
  flightId: string;
  version: number;
  remark: string;
}

const TODAY = DateTime.now().setZone('Asia/Kolkata').toISODate()!;
/** Twenty departures out of BOM today, from a schedule like any airline's. */
const SCHEDULE = [
  'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type',
  ...Array.from(
    { length: 20 },
    (_, n) =>
      `XX,${500 + n},BOM,DEL,23:${String(n).padStart(2, '0')},23:59+1,${TODAY},${TODAY},1234567,320`,
  ),
].join('\n');

it('keeps every acknowledged change through a SIGKILL mid-burst, once, gap-free', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-crash-'));
  folders.push(dataDir);
  const first = await startHub(dataDir);
  const imported = await fetch(`${first.url}/api/schedules?format=csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await loginAt(first.url, 'super')}` },
    body: SCHEDULE,
  });
  expect(imported.status).toBe(200);
  const sockets = await Promise.all(
    ['agent1', 'agent2', 'super', 'agent1', 'agent2', 'super'].map((user) =>
      connect(first.url, user),
    ),
  );
  const snapshot = await request(sockets[0]!, 'flights:snapshot', {});
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const flights = snapshot.flights;
  expect(flights.length).toBeGreaterThanOrEqual(18);

  const acked: Acked[] = [];
  const sent = new Map<string, { flightId: string; remark: string }>();
  let killed = false;
  let inFlightAtKill = 0;
  let inFlight = 0;
  // Each socket edits its own flights, one change at a time per flight, three flights at once.
  const lanes = sockets.flatMap((socket, s) =>
    [0, 1, 2].map(async (lane) => {
      const flight = flights[s * 3 + lane]!;
      let version = flight.version;
      for (let n = 0; !killed; n += 1) {
        const opId = randomUUID();
        const remark = `burst ${s}.${lane}.${n}`;
        sent.set(opId, { flightId: flight.id, remark });
        inFlight += 1;
        const ack = await request(
          socket,
          'flight:update',
          { flightId: flight.id, baseVersion: version, opId, changes: { remark } },
          5_000,
        ).catch(() => null);
        inFlight -= 1;
        if (!ack || killed) break;
        if (ack.ok) {
          version = ack.flight.version;
          acked.push({ opId, flightId: flight.id, version, remark });
        } else if (ack.error.code === 'RATE_LIMITED') {
          // The hub's per-connection rate limit: back off a little, as a console does.
          await new Promise((resolve) => setTimeout(resolve, 50));
        } else {
          throw new Error(`${ack.error.code}: ${ack.error.message}`);
        }
      }
    }),
  );
  await expect.poll(() => acked.length, { timeout: 20_000, interval: 5 }).toBeGreaterThan(120);
  inFlightAtKill = inFlight;
  first.kill('SIGKILL');
  killed = true;
  const ackedAtKill = acked.length;
  await first.exited;
  await Promise.all(lanes);
  for (const socket of sockets) socket.close();
  // The kill landed while changes were on their way.
  expect(inFlightAtKill).toBeGreaterThan(0);
  expect(acked.length).toBe(ackedAtKill);

  const second = await startHub(dataDir);
  const checker = await connect(second.url, 'super');
  const after = await request(checker, 'flights:snapshot', {});
  if (!after.ok) throw new Error(after.error.message);
  const byId = new Map<string, Flight>(after.flights.map((flight) => [flight.id, flight]));

  // The whole trail of every flight touched after the import: versions in step, no opId twice,
  // and together every seq after the import, gap-free.
  const touched = [...new Set([...sent.values()].map((op) => op.flightId))];
  const entries: (HistoryEntry & { flightId: string })[] = [];
  for (const flightId of touched) {
    const ack = (await requestRaw(checker, 'flight:history', {
      flightId,
      limit: 500,
    })) as Ack<FlightHistoryResult>;
    if (!ack.ok) throw new Error(ack.error.message);
    const seeded = flights.find((f) => f.id === flightId)!.version;
    const trail = [...ack.entries].reverse().filter((entry) => entry.version > seeded);
    expect(trail.map((entry) => entry.version)).toEqual(
      trail.map((_, index) => seeded + index + 1),
    );
    const flight = byId.get(flightId)!;
    expect(flight.version).toBe(seeded + trail.length);
    expect(flight.remark).toBe(trail.at(-1)?.fields.remark?.to);
    entries.push(...trail.map((entry) => ({ ...entry, flightId })));
  }
  const seqs = entries.map((entry) => entry.seq).sort((a, b) => a - b);
  expect(seqs).toEqual(seqs.map((_, index) => snapshot.seq + index + 1));
  expect(after.seq).toBe(snapshot.seq + seqs.length);
  const opIds = entries.map((entry) => entry.opId);
  expect(new Set(opIds).size).toBe(opIds.length);
  // Nothing the hub never saw, and every acknowledged change, exactly as acknowledged.
  for (const entry of entries) expect(sent.get(entry.opId)?.flightId).toBe(entry.flightId);
  const stored = new Map(entries.map((entry) => [entry.opId, entry]));
  for (const change of acked) {
    expect(stored.get(change.opId), `acknowledged ${change.opId}`).toMatchObject({
      flightId: change.flightId,
      version: change.version,
      fields: { remark: { to: change.remark } },
    });
  }
  expect(seqs.length).toBeGreaterThanOrEqual(acked.length);

  // A retry of a change whose ack was lost in the crash is applied at most once.
  const retry = [...sent.entries()].find(([opId]) => !acked.some((a) => a.opId === opId))!;
  const flight = byId.get(retry[1].flightId)!;
  const again = await request(checker, 'flight:update', {
    flightId: flight.id,
    baseVersion: flight.version,
    opId: retry[0],
    changes: { remark: retry[1].remark },
  });
  expect(again.ok).toBe(true);
  const final = await request(checker, 'flights:snapshot', {});
  expect(final.ok && final.seq).toBeLessThanOrEqual(after.seq + 1);
  checker.close();

  // SIGTERM stops it cleanly.
  second.kill('SIGTERM');
  await second.exited;
  expect(second.output()).toContain('hub stopped');
}, 60_000);
