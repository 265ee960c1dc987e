/**
 * Irregular-operations burst: 25 flights × 400 passengers delayed at once, every SMS through a
 * fake Twilio that takes 50 ms per request. The hub runs as its own process (`tsx server/main.ts`,
 * default concurrency); this process plays Twilio and the consoles. Measures the time to drain
 * and messages per second, and the ack latency of flight edits made during the drain.
 * Targets: ≥ 500 messages/s, edit ack p99 ≤ 100 ms.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Flight, Passenger } from '../core';
import { startHub } from '../server/hub';
import { FakeTwilioServer } from '../test-support/fake-twilio-server';
import { fixtureSeed } from '../test-support/hub-fixture';
import { connectAt, loginAt, type HubClient } from '../test-support/hub-client';
import { startHubProcess, type HubProcess } from '../test-support/hub-process';

const FLIGHTS = 25;
const PASSENGERS = 400;
const TWILIO_LATENCY_MS = 50;
const COALESCE_MS = 500;
const PROBE_INTERVAL_MS = 125;

export interface NotificationBurstResult {
  messages: number;
  /** From the edits' acks to the last SMS answered, coalescing window included. */
  drainMs: number;
  /** From the first SMS request to the last answer. */
  sendMs: number;
  messagesPerSecond: number;
  maxInFlight: number;
  probes: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
}

export default async function notificationBurst(): Promise<NotificationBurstResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-burst-'));
  const twilio = new FakeTwilioServer();
  twilio.delayMs = TWILIO_LATENCY_MS;
  await twilio.start();
  let hub: HubProcess | null = null;
  const sockets: HubClient[] = [];
  try {
    const flights = await prepareDataFolder(dataDir);
    // BENCH_PROFILE=<folder>: the hub writes a CPU profile there when it stops.
    const profile = process.env.BENCH_PROFILE;
    hub = await startHubProcess({
      nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
      env: {
        JETBRIDGE_DATA_DIR: dataDir,
        JETBRIDGE_PORT: '0',
        JETBRIDGE_NOTIFY_COALESCE_MS: String(COALESCE_MS),
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE: twilio.apiBase,
      },
    });
    const supervisor = await connect(hub.url, 'super');
    const prober = await connect(hub.url, 'agent1');
    sockets.push(supervisor, prober);

    const answeredAt: number[] = [];
    const firstRequestAt: number[] = [];
    const originalPush = twilio.requests.push.bind(twilio.requests);
    twilio.requests.push = (...items) => {
      if (firstRequestAt.length === 0) firstRequestAt.push(performance.now());
      answeredAt.push(performance.now() + TWILIO_LATENCY_MS);
      return originalPush(...items);
    };

    // Edits while the burst drains: a remark on a flight without passengers, one at a time.
    const latencies: number[] = [];
    let burstStart = performance.now();
    let probing = true;
    const probe = (async () => {
      let flight = flights.at(-1)!;
      while (probing) {
        const started = performance.now();
        const ack = (await prober.timeout(10_000).emitWithAck('flight:update', {
          flightId: flight.id,
          baseVersion: flight.version,
          opId: randomUUID(),
          changes: { remark: `Probe ${latencies.length}` },
        })) as { ok: true; flight: Flight } | { ok: false; error: { message: string } };
        if (!ack.ok) throw new Error(`probe refused: ${ack.error.message}`);
        latencies.push(performance.now() - started);
        if (process.env.BENCH_TRACE && performance.now() - started > 40)
          console.error(
            `slow ack ${Math.round(performance.now() - started)} ms at +${Math.round(started - burstStart)} ms, sent ${twilio.requests.length}`,
          );
        flight = ack.flight;
        await sleep(PROBE_INTERVAL_MS);
      }
    })();

    // The burst: every passenger flight delayed by an hour, all at once.
    const burstAt = performance.now();
    burstStart = burstAt;
    await Promise.all(
      flights.slice(0, FLIGHTS).map(async (flight) => {
        const ack = (await supervisor.timeout(10_000).emitWithAck('flight:update', {
          flightId: flight.id,
          baseVersion: flight.version,
          opId: randomUUID(),
          changes: {
            etd: new Date(Date.parse(flight.std) + 60 * 60_000).toISOString(),
            delayCode: '93',
          },
        })) as { ok: boolean; error?: { message: string } };
        if (!ack.ok) throw new Error(`delay refused: ${ack.error?.message}`);
      }),
    );
    const total = FLIGHTS * PASSENGERS;
    const deadline = Date.now() + 120_000;
    while (twilio.requests.length < total) {
      if (Date.now() > deadline) throw new Error(`only ${twilio.requests.length} of ${total} SMS`);
      await sleep(20);
    }
    await sleep(TWILIO_LATENCY_MS + 10);
    probing = false;
    await probe;
    const lastAnswer = Math.max(...answeredAt);
    const sendMs = lastAnswer - firstRequestAt[0]!;
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    return {
      messages: twilio.requests.length,
      drainMs: Math.round(lastAnswer - burstAt),
      sendMs: Math.round(sendMs),
      messagesPerSecond: Math.round((total / sendMs) * 1000),
      maxInFlight: twilio.maxInFlight,
      probes: latencies.length,
      ackP50Ms: round(pct(50)),
      ackP99Ms: round(pct(99)),
      ackMaxMs: round(sorted.at(-1)!),
    };
  } finally {
    for (const socket of sockets) socket.close();
    if (hub) {
      hub.kill('SIGTERM');
      await hub.exited;
    }
    await twilio.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** 25 passenger flights (400 phones each, en/hi) and one more for the probe edits. */
async function prepareDataFolder(dataDir: string): Promise<Flight[]> {
  const base = fixtureSeed();
  const template = base.flights[1]!;
  const now = Date.now();
  const flights: Flight[] = Array.from({ length: FLIGHTS + 1 }, (_, i) => ({
    ...template,
    id: `f-burst-${i}`,
    flightNumber: `AI ${100 + i}`,
    gate: String(10 + i),
    std: new Date(now + (90 + i) * 60_000).toISOString(),
    etd: new Date(now + (90 + i) * 60_000).toISOString(),
  }));
  const passengers: Record<string, Passenger[]> = {};
  flights.slice(0, FLIGHTS).forEach((flight, f) => {
    passengers[flight.id] = Array.from({ length: PASSENGERS }, (_, p) => ({
      pnr: `B${String(f).padStart(2, '0')}${String(p).padStart(3, '0')}`,
      name: `Passenger ${f}-${p}`,
      phone: `+9197${String(f).padStart(2, '0')}${String(p).padStart(6, '0')}`,
      locale: p % 3 === 0 ? 'hi' : 'en',
    }));
  });
  const hub = await startHub({
    dataDir,
    logger: pino({ level: 'silent' }),
    seed: { ...base, flights, passengers },
  });
  await hub.close();
  return flights;
}

async function connect(url: string, username: string): Promise<HubClient> {
  return connectAt(url, await loginAt(url, username));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (ms: number) => Math.round(ms * 10) / 10;

/** `tsx bench/notification-burst.bench.ts` runs it alone. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await notificationBurst();
  console.log(
    JSON.stringify({ bench: 'notification-burst', cpus: cpus().length, ...result }, null, 2),
  );
}
