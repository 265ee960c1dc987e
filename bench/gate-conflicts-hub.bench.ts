/**
 * What keeping gate conflicts costs the hub (issue 14): 3,000 flights on 150 gates (T3, gates
 * 1–150), the hub in its own process, 20 editors sending 200 changes/s, evenly paced, for 10 s:
 * three in four move an ETD (−10…+60 min, delay code 93), one in four moves a gate. Run twice on
 * fresh data folders, with the hub's GateConflictIndex and without it (`gateConflicts: false`).
 * The editors connect as the console does (`gateConflicts: 'changes'`): the whole list once, then
 * `gates:conflicts:changed`. Target: ack p99 with ≤ 1.1 × without.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import type { Flight, GateEntry } from '../core';
import { BENCH_PASSWORD, latencySummary, writeBenchDataFolder } from './support/bench-data';
import { connectClient, login, sleep, startBenchHubProcess } from './support/bench-clients';
import { createPrng } from '../server/demo/prng';

const FLIGHTS = 3_000;
const GATES = 150;
const EDITORS = 20;
const RATE = 200;
const DURATION_MS = 10_000;

export default async function gateConflictsHub() {
  const loadBefore = loadavg()[0]!;
  const without = await run(false);
  const withConflicts = await run(true);
  return {
    'load average (1 min) before': loadBefore,
    'without: ack p50 (ms)': without.p50,
    'without: ack p99 (ms)': without.p99,
    'with: ack p50 (ms)': withConflicts.p50,
    'with: ack p99 (ms)': withConflicts.p99,
    'with: gates:conflicts (whole lists) received by one editor': withConflicts.lists,
    'with: gates:conflicts:changed received by one editor': withConflicts.changes,
    'with: conflicts made minus fixed during the run': withConflicts.live,
    'p99 with / without': withConflicts.p99 / without.p99,
    'load average (1 min) after': loadavg()[0]!,
  };
}

async function run(conflicts: boolean) {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-gates-'));
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  const sockets: Socket[] = [];
  try {
    const flights = await writeBenchDataFolder(dataDir, {
      flights: FLIGHTS,
      trail: 0,
      editors: EDITORS,
      // In turn over 150 gates: one every 72 min each, a day planned without overlaps.
      gates: GATES,
    });
    const gates: GateEntry[] = Array.from({ length: GATES }, (_, n) => ({
      gate: String(n + 1),
      terminal: 'T3',
      contact: n % 10 !== 9,
      maxCodeLetter: n % 5 === 0 ? 'E' : 'C',
    }));
    await writeFile(join(dataDir, 'gates.json'), JSON.stringify({ gates }), { mode: 0o600 });
    hub = await startBenchHubProcess(dataDir, { BENCH_GATE_CONFLICTS: conflicts ? '1' : '0' });
    for (let n = 1; n <= EDITORS; n += 1) {
      sockets.push(
        await connectClient(hub.url, await login(hub.url, `editor${n}`, BENCH_PASSWORD), {
          gateConflicts: 'changes',
        }),
      );
    }
    let lists = 0;
    let changes = 0;
    const live = new Set<string>();
    sockets[0]!.on('gates:conflicts', () => (lists += 1));
    sockets[0]!.on('gates:conflicts:changed', ({ added, removed }) => {
      changes += 1;
      for (const id of removed) live.delete(id);
      for (const conflict of added) live.add(conflict.id);
    });
    const latencies = await pacedChanges(sockets, flights);
    const summary = latencySummary(latencies);
    return { p50: summary.p50, p99: summary.p99, lists, changes, live: live.size };
  } finally {
    for (const socket of sockets) socket.close();
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function pacedChanges(sockets: Socket[], flights: Flight[]): Promise<number[]> {
  const prng = createPrng('jetbridge-gate-conflicts-hub-bench');
  const current = new Map(flights.map((flight) => [flight.id, flight]));
  const busy = new Set<string>();
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let n = 0; performance.now() - started < DURATION_MS; n += 1) {
    const due = started + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    let flight = flights[prng.int(0, FLIGHTS - 1)]!;
    // One change per flight at a time: its baseVersion is then always the latest.
    while (busy.has(flight.id)) flight = flights[prng.int(0, FLIGHTS - 1)]!;
    const base = current.get(flight.id)!;
    const changes =
      prng.next() < 0.75
        ? {
            etd: new Date(Date.parse(base.std) + prng.int(-10, 60) * 60_000).toISOString(),
            delayCode: '93',
          }
        : { gate: String(prng.int(1, 150)) };
    busy.add(flight.id);
    const socket = sockets[n % sockets.length]!;
    const sent = performance.now();
    pending.push(
      socket
        .timeout(10_000)
        .emitWithAck('flight:update', {
          flightId: flight.id,
          baseVersion: base.version,
          opId: randomUUID(),
          changes,
        })
        .then((ack: { ok: boolean; flight?: Flight; error?: { message: string } }) => {
          if (!ack.ok) throw new Error(`refused: ${ack.error?.message}`);
          latencies.push(performance.now() - sent);
          current.set(flight.id, ack.flight!);
          busy.delete(flight.id);
        }),
    );
  }
  await Promise.all(pending);
  return latencies;
}
