/**
 * Irregular-operations burst on all three channels: 25 flights × 400 passengers — 10,000
 * passengers, each with a phone, an e-mail address and a browser subscribed to Web Push — all
 * delayed at once. SMS goes to a fake Twilio, e-mail to a local SMTP server and pushes to the
 * local https push service (which checks each VAPID signature and decrypts each payload), each
 * answering after 50 ms. The hub runs as its own process (`tsx server/main.ts`, default
 * concurrency); the three providers run in a process of their own (bench/support/
 * burst-providers.ts, niced: they stand in for services on the internet); this process plays
 * the consoles. Measures messages per
 * second over the whole drain, and the ack latency of agents' edits made meanwhile.
 * Targets: ≥ 1,000 messages/s in total, edit ack p99 ≤ 100 ms.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Flight, Passenger } from '../core';
import { startHub } from '../server/hub';
import { loadVapidKeys, readVapidSettings } from '../server/notifications/vapid-keys';
import { FileSelfServiceStore } from '../server/passengers/file-self-service-store';
import { passengerKey } from '../server/passengers/passenger-names';
import { fixtureSeed } from '../test-support/hub-fixture';
import { connectAt, loginAt, type HubClient } from '../test-support/hub-client';
import { startHubProcess, type HubProcess } from '../test-support/hub-process';
import { BurstProviders } from './support/burst-providers';
import { processCpuMs } from './support/process-cpu';
import { readLoopSeconds, type LoopSecond } from './support/hub-loop-seconds';

const FLIGHTS = 25;
const PASSENGERS = 400;
const PROVIDER_LATENCY_MS = 50;
const COALESCE_MS = 500;
const PROBE_INTERVAL_MS = 125;
/**
 * The providers stand in for services on the internet: their process runs at this niceness so
 * on this 2-core machine it yields to the hub (BENCH_PROVIDERS_NICENESS=0: all at one priority).
 */
const PROVIDERS_NICENESS = Number(process.env.BENCH_PROVIDERS_NICENESS ?? 10);

export interface PassengerBurstResult {
  passengers: number;
  sms: number;
  emails: number;
  pushes: number;
  /** From the first provider request to the last answer, all channels. */
  sendMs: number;
  messagesPerSecond: number;
  /** Each channel's own drain (first request to last answer). */
  smsMs: number;
  emailMs: number;
  pushMs: number;
  probes: number;
  /** The five slowest edit acks, and when each edit was sent (ms after the burst began). */
  slowestProbes: string;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /**
   * CPU time (user + system) per message over the burst: the hub process's, and the providers'
   * process's. Unlike the rates, not inflated by a loaded machine.
   */
  hubCpuMsPerMessage: number;
  fakesCpuMsPerMessage: number;
  /** The niceness the providers' process ran at (the hub and the consoles at 0). */
  providersNiceness: number;
  /**
   * The hub's event loop over the burst (bench/support/hub-loop-monitor.ts): stalls of 50 ms or
   * more (by wall time, and by the CPU time the hub used meanwhile: its whole process, so with
   * the sending thread on, CPU can exceed wall time), the five longest by each as
   * `wall/CPU ms @when` (ms after the burst's first edit), its GC time and largest heap.
   */
  hubStallsOver50Ms: number;
  hubStallsOver50MsCpu: number;
  hubLongestStalls: string;
  hubLongestStallsByCpu: string;
  hubGcMs: number;
  hubHeapMaxMb: number;
  hubLongGcs: string;
  loadAverage: string;
}

export default async function passengerBurst(): Promise<PassengerBurstResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-passengers-'));
  const providers = await BurstProviders.start({
    delayMs: PROVIDER_LATENCY_MS,
    nice: PROVIDERS_NICENESS,
  });
  const { twilio, smtpUrl, push } = providers.ready;
  const caFile = join(dataDir, '..', `${randomUUID()}-push-ca.pem`);
  await writeFile(caFile, push.caCert);
  let hub: HubProcess | null = null;
  const sockets: HubClient[] = [];
  try {
    const flights = await prepareDataFolder(dataDir, providers);
    const profile = process.env.BENCH_PROFILE;
    hub = await startHubProcess({
      nodeArgs: [
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
        ...[
          '--import',
          'tsx',
          '--import',
          join(import.meta.dirname, 'support/hub-loop-monitor.ts'),
        ],
      ],
      env: {
        JETBRIDGE_DATA_DIR: dataDir,
        JETBRIDGE_PORT: '0',
        JETBRIDGE_NOTIFY_COALESCE_MS: String(COALESCE_MS),
        // The providers' requests on their own thread (the default); 0 compares without.
        JETBRIDGE_NOTIFY_THREAD: process.env.JETBRIDGE_NOTIFY_THREAD ?? '1',
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE: twilio.apiBase,
        SMTP_URL: smtpUrl,
        MAIL_FROM: 'Jetbridge DEL <ops@example.com>',
        JETBRIDGE_PUSH_CA: caFile,
        JETBRIDGE_PUSH_SERVICES: push.origin,
      },
    });
    const supervisor = await connect(hub.url, 'super');
    const prober = await connect(hub.url, 'agent1');
    sockets.push(supervisor, prober);

    const latencies: number[] = [];
    /** When each probe was sent (Date.now()). */
    const sentAt: number[] = [];
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
        sentAt.push(Date.now() - (performance.now() - started));
        flight = ack.flight;
        await sleep(PROBE_INTERVAL_MS);
      }
    })();

    const loadBefore = loadavg();
    const burstAt = Date.now();
    const hubCpuBefore = await processCpuMs(hub.child.pid!);
    const fakesCpuBefore = await processCpuMs(providers.pid);
    // The burst: every passenger flight delayed by an hour, all at once.
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
    const each = FLIGHTS * PASSENGERS;
    const deadline = Date.now() + 300_000;
    let status = await providers.status();
    while (Math.min(status.sms.count, status.emails.count, status.pushes.count) < each) {
      if (Date.now() > deadline) {
        throw new Error(
          `only ${status.sms.count} SMS, ${status.emails.count} e-mails, ${status.pushes.count} pushes of ${each} each`,
        );
      }
      await sleep(50);
      status = await providers.status();
    }
    await sleep(PROVIDER_LATENCY_MS + 10);
    const hubCpuMs = (await processCpuMs(hub.child.pid!)) - hubCpuBefore;
    const fakesCpuMs = (await processCpuMs(providers.pid)) - fakesCpuBefore;
    const loadAfter = loadavg();
    const loop = loopSummary(readLoopSeconds(hub.output(), burstAt, Date.now()), burstAt);
    probing = false;
    await probe;
    if (status.pushRefused) throw new Error(`push refused: ${status.pushRefused}`);
    const { sms, emails, pushes } = status;
    const first = Math.min(sms.firstAt, emails.firstAt, pushes.firstAt);
    const last = Math.max(sms.lastAt, emails.lastAt, pushes.lastAt);
    const sendMs = last - first;
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    return {
      passengers: each,
      sms: sms.count,
      emails: emails.count,
      pushes: pushes.count,
      sendMs: Math.round(sendMs),
      messagesPerSecond: Math.round((3 * each * 1000) / sendMs),
      smsMs: Math.round(sms.lastAt - sms.firstAt),
      emailMs: Math.round(emails.lastAt - emails.firstAt),
      pushMs: Math.round(pushes.lastAt - pushes.firstAt),
      probes: latencies.length,
      slowestProbes: latencies
        .map((ms, n) => ({ ms, at: sentAt[n]! }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((probe) => `${Math.round(probe.ms)} ms @${Math.round(probe.at - burstAt)}`)
        .join(', '),
      ackP50Ms: round(pct(50)),
      ackP99Ms: round(pct(99)),
      ackMaxMs: round(sorted.at(-1)!),
      hubCpuMsPerMessage: round((hubCpuMs / (3 * each)) * 100) / 100,
      fakesCpuMsPerMessage: round((fakesCpuMs / (3 * each)) * 100) / 100,
      providersNiceness: PROVIDERS_NICENESS,
      ...loop,
      loadAverage: `before ${loadBefore.map((v) => v.toFixed(1)).join(' ')}, after ${loadAfter.map((v) => v.toFixed(1)).join(' ')}`,
    };
  } finally {
    for (const socket of sockets) socket.close();
    if (hub) {
      hub.kill('SIGTERM');
      await hub.exited;
      // Beside the profile: the hub's stalls, to be matched with its samples (hub-loop lines).
      const profile = process.env.BENCH_PROFILE;
      if (profile) await writeFile(join(profile, 'hub-output.txt'), hub.output());
    }
    await providers.stop();
    await rm(caFile, { force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * 25 passenger flights (400 passengers each with phone, e-mail and a push subscription made at
 * the fake push service with the hub's VAPID key) and one more for the probe edits.
 */
async function prepareDataFolder(dataDir: string, providers: BurstProviders): Promise<Flight[]> {
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
      email: `p${f}-${p}@example.in`,
      locale: p % 3 === 0 ? 'hi' : 'en',
    }));
  });
  const hub = await startHub({
    dataDir,
    logger: pino({ level: 'silent' }),
    seed: { ...base, flights, passengers },
  });
  await hub.close();
  // The key the hub generated and kept; each "browser" subscribes with it.
  const { keys } = await loadVapidKeys({ dataDir, settings: readVapidSettings({}) });
  const store = await FileSelfServiceStore.open(dataDir);
  const at = new Date();
  const everyone = Object.values(passengers).flat();
  const subscriptions = await providers.subscribe(keys.publicKey, everyone.length);
  await Promise.all(
    everyone.map((passenger, n) =>
      store.addSubscription(passengerKey(passenger.pnr, passenger.name), subscriptions[n]!, at),
    ),
  );
  await store.close();
  return flights;
}

function loopSummary(seconds: LoopSecond[], burstAt: number) {
  const stalls = seconds.flatMap((second) => second.stalls).filter((s) => s.at >= burstAt);
  const top = (key: 'ms' | 'cpuMs') =>
    [...stalls]
      .sort((a, b) => b[key] - a[key])
      .slice(0, 5)
      .map((s) => `${Math.round(s.ms)}/${Math.round(s.cpuMs)} ms @${s.at - burstAt}`)
      .join(', ');
  const gcs = seconds.flatMap((second) => second.longGcs);
  const major = gcs.filter((gc) => gc.kind === 'major');
  return {
    hubStallsOver50Ms: stalls.filter((stall) => stall.ms >= 50).length,
    hubStallsOver50MsCpu: stalls.filter((stall) => stall.cpuMs >= 50).length,
    hubLongestStalls: top('ms'),
    hubLongestStallsByCpu: top('cpuMs'),
    hubGcMs: Math.round(seconds.reduce((sum, second) => sum + second.gcMs, 0)),
    hubHeapMaxMb: Math.max(0, ...seconds.map((second) => second.heapMb)),
    hubLongGcs:
      `${gcs.length} ≥ 5 ms (${major.length} major, longest ` +
      `${Math.max(0, ...gcs.map((gc) => gc.ms))} ms)`,
  };
}

async function connect(url: string, username: string): Promise<HubClient> {
  return connectAt(url, await loginAt(url, username));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (ms: number) => Math.round(ms * 10) / 10;

/** `tsx bench/passenger-burst.bench.ts` runs it alone. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await passengerBurst();
  console.log(
    JSON.stringify({ bench: 'passenger-burst', cpus: cpus().length, ...result }, null, 2),
  );
}
