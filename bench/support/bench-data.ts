import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Flight } from '../../core';
import { hashPassword } from '../../server/auth/passwords';
import { ChangeLog } from '../../server/store/change-log';
import type { ChangeLogEntry, FlightRecord } from '../../server/store/file-schemas';
import { flightsSnapshotFile } from '../../server/store/file-flight-store';

export const BENCH_PASSWORD = 'bench';
export const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789';
export const BENCH_AIRLINES = ['6E', 'AI', 'UK', 'SG', 'QP', 'IX'];

/** `count` departures spread over a day from `now - 2 h`, all scheduled and with a gate. */
export function benchFlights(count: number, now = new Date(), gates = 60): Flight[] {
  const start = now.getTime() - 2 * 3_600_000;
  return Array.from({ length: count }, (_, index) => {
    const airline = BENCH_AIRLINES[index % BENCH_AIRLINES.length]!;
    const std = new Date(start + Math.floor((index * 24 * 3_600_000) / count)).toISOString();
    return {
      id: `b-${index}`,
      flightNumber: `${airline} ${1000 + index}`,
      airline,
      origin: 'DEL',
      destination: ['BOM', 'BLR', 'MAA', 'CCU', 'HYD', 'GOI'][index % 6]!,
      std,
      etd: std,
      gate: `${(index % gates) + 1}`,
      status: 'SCHEDULED' as const,
      delayCode: null,
      remark: null,
      version: 0,
      updatedAt: now.toISOString(),
      updatedBy: null,
      originTimeZone: 'Asia/Kolkata',
      terminal: 'T3',
      aircraftType: '320',
      passengerCount: 150,
    };
  });
}

/**
 * Writes a complete data folder: `flights` with `trail` accepted remark changes already in the
 * change log (10,000 lines per segment, as the hub writes it), the snapshot at the last seq, and
 * `editors` agents. Returns the flights as they are after the trail.
 */
export async function writeBenchDataFolder(
  dataDir: string,
  /**
   * `gates`: how many gates the flights take turns on (default 60); `arrivals`: how many of the
   * flights (the last ones) are inbound instead: in the air, due on block within the next two
   * hours, two hours after they left.
   */
  options: {
    flights: number;
    trail: number;
    editors: number;
    now?: Date;
    gates?: number;
    arrivals?: number;
  },
): Promise<Flight[]> {
  const now = options.now ?? new Date();
  const flights = benchFlights(options.flights, now, options.gates);
  const firstArrival = flights.length - (options.arrivals ?? 0);
  for (let index = Math.max(0, firstArrival); index < flights.length; index += 1) {
    const departure = flights[index]!;
    const staMs = now.getTime() + (10 + (index % 110)) * 60_000;
    const sta = new Date(staMs).toISOString();
    const std = new Date(staMs - 2 * 3_600_000).toISOString();
    flights[index] = {
      ...departure,
      std,
      etd: std,
      id: `a-${index}`,
      direction: 'arrival',
      origin: departure.destination,
      destination: 'DEL',
      gate: null,
      sta,
      eta: sta,
      status: 'AIRBORNE',
    };
  }
  const records: FlightRecord[] = flights.map((flight) => ({ flight, fieldVersions: {} }));
  await mkdir(join(dataDir, 'changes'), { recursive: true, mode: 0o700 });
  const at = now.toISOString();
  // Written through the hub's own change log: checksummed lines, sealed segments, high-water mark.
  const log = new ChangeLog({ folder: join(dataDir, 'changes'), openSegment: null, sealed: [] });
  let batch: ChangeLogEntry[] = [];
  for (let seq = 1; seq <= options.trail; seq += 1) {
    const record = records[seq % records.length]!;
    const remark = `trail ${seq}`;
    const flight = {
      ...record.flight,
      remark,
      version: record.flight.version + 1,
      updatedAt: at,
      updatedBy: 'agent1',
    };
    batch.push({
      seq,
      flightId: flight.id,
      opId: randomUUID(),
      by: 'agent1',
      workstation: 'bench',
      at,
      flight,
      fields: { remark: { from: record.flight.remark, to: remark } },
      version: flight.version,
    });
    record.flight = flight;
    record.fieldVersions = { remark: flight.version };
    if (batch.length >= 2_000) {
      await log.append(batch);
      batch = [];
    }
  }
  await log.append(batch);
  await log.close();
  await flightsSnapshotFile(dataDir).write({ seq: options.trail, savedAt: at, flights: records });
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const users = Array.from({ length: options.editors }, (_, index) => ({
    username: `editor${index + 1}`,
    role: 'agent',
    passwordHash,
  }));
  users.push({ username: 'watcher', role: 'viewer', passwordHash });
  await writeFile(join(dataDir, 'users.json'), JSON.stringify({ users }), { mode: 0o600 });
  await writeFile(
    join(dataDir, 'hub.json'),
    JSON.stringify({
      format: 2,
      createdAt: at,
      airport: {
        iata: 'DEL',
        name: 'Indira Gandhi International',
        city: 'Delhi',
        timeZone: 'Asia/Kolkata',
      },
    }),
  );
  return records.map((record) => record.flight);
}

/** Adds the supervisor `super` (password BENCH_PASSWORD) to a bench data folder's users. */
export async function addBenchSupervisor(dataDir: string): Promise<void> {
  const file = join(dataDir, 'users.json');
  const users = JSON.parse(await readFile(file, 'utf8')) as { users: object[] };
  users.users.push({
    username: 'super',
    role: 'supervisor',
    passwordHash: await hashPassword(BENCH_PASSWORD),
  });
  await writeFile(file, JSON.stringify(users), { mode: 0o600 });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function latencySummary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}
