/**
 * Irregular-operations burst on all three channels: 25 flights × 400 passengers — 10,000
 * passengers, each with a phone, an e-mail address and a browser subscribed to Web Push — all
 * delayed at once. SMS goes to a fake Twilio, e-mail to a local SMTP server and pushes to the
 * local https push service (which checks each VAPID signature and decrypts each payload), each
 * answering after 50 ms. The hub runs as its own process (`tsx server/main.ts`, default
 * concurrency); this process plays the three providers and the consoles. Measures messages per
 * second over the whole drain, and the ack latency of agents' edits made meanwhile.
 * Targets: ≥ 1,000 messages/s in total, edit ack p99 ≤ 100 ms.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Flight, Passenger } from '../core';
import { startHub } from '../server/hub';
import { FakeTwilioServer } from '../test-support/fake-twilio-server';
import { TestSmtpServer } from '../test-support/test-smtp-server';
import { loadVapidKeys, readVapidSettings } from '../server/notifications/vapid-keys';
import { FileSelfServiceStore } from '../server/passengers/file-self-service-store';
import { passengerKey } from '../server/passengers/passenger-names';
import { FakePushService } from '../test-support/fake-push-service';
import { fixtureSeed } from '../test-support/hub-fixture';
import { connectAt, loginAt, type HubClient } from '../test-support/hub-client';
import { startHubProcess, type HubProcess } from '../test-support/hub-process';
import { readLoopSeconds, type LoopSecond } from './support/hub-loop-seconds';

const FLIGHTS = 25;
const PASSENGERS = 400;
const PROVIDER_LATENCY_MS = 50;
const COALESCE_MS = 500;
const PROBE_INTERVAL_MS = 125;

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
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /**
   * CPU time (user + system) per message over the burst: the hub process's, and this process's
   * (the fake providers and the consoles). Unlike the rates, not inflated by a loaded machine.
   */
  hubCpuMsPerMessage: number;
  fakesCpuMsPerMessage: number;
  /**
   * The hub's event loop over the burst (bench/support/hub-loop-monitor.ts): stalls of 50 ms or
   * more (by wall time, and by the CPU time the hub used meanwhile), the five longest by each as
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

/** A process's CPU time so far, in ms (Linux: /proc/<pid>/stat, clock ticks of 10 ms). */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Times of a fake provider's requests (answered PROVIDER_LATENCY_MS later). */
function timed<T>(list: T[]): { first: () => number; last: () => number } {
  const at: number[] = [];
  const push = list.push.bind(list);
  list.push = (...items: T[]) => {
    at.push(performance.now());
    return push(...items);
  };
  return { first: () => at[0] ?? NaN, last: () => (at.at(-1) ?? NaN) + PROVIDER_LATENCY_MS };
}

export default async function passengerBurst(): Promise<PassengerBurstResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-passengers-'));
  const twilio = new FakeTwilioServer();
  twilio.delayMs = PROVIDER_LATENCY_MS;
  await twilio.start();
  const smtp = new TestSmtpServer();
  smtp.delayMs = PROVIDER_LATENCY_MS;
  await smtp.start();
  const push = await FakePushService.start();
  push.delayMs = PROVIDER_LATENCY_MS;
  const caFile = join(dataDir, '..', `${randomUUID()}-push-ca.pem`);
  await writeFile(caFile, push.ca.cert);
  let hub: HubProcess | null = null;
  const sockets: HubClient[] = [];
  try {
    const flights = await prepareDataFolder(dataDir, push);
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
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE: twilio.apiBase,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Jetbridge DEL <ops@example.com>',
        JETBRIDGE_PUSH_CA: caFile,
        JETBRIDGE_PUSH_SERVICES: push.origin,
      },
    });
    const supervisor = await connect(hub.url, 'super');
    const prober = await connect(hub.url, 'agent1');
    sockets.push(supervisor, prober);
    const sms = timed(twilio.requests);
    const mail = timed(smtp.received);
    const pushes = timed(push.received);

    const latencies: number[] = [];
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
        flight = ack.flight;
        await sleep(PROBE_INTERVAL_MS);
      }
    })();

    const loadBefore = loadavg();
    const burstAt = Date.now();
    const hubCpuBefore = await processCpuMs(hub.child.pid!);
    const fakesCpuBefore = process.cpuUsage();
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
    const done = () =>
      twilio.requests.length >= each &&
      smtp.received.length >= each &&
      push.received.length >= each;
    while (!done()) {
      if (Date.now() > deadline) {
        throw new Error(
          `only ${twilio.requests.length} SMS, ${smtp.received.length} e-mails, ${push.received.length} pushes of ${each} each`,
        );
      }
      await sleep(20);
    }
    await sleep(PROVIDER_LATENCY_MS + 10);
    const hubCpuMs = (await processCpuMs(hub.child.pid!)) - hubCpuBefore;
    const fakesCpu = process.cpuUsage(fakesCpuBefore);
    const loadAfter = loadavg();
    const loop = loopSummary(readLoopSeconds(hub.output(), burstAt, Date.now()), burstAt);
    probing = false;
    await probe;
    if (push.rejected.length > 0) throw new Error(`push refused: ${push.rejected[0]!.reason}`);
    const first = Math.min(sms.first(), mail.first(), pushes.first());
    const last = Math.max(sms.last(), mail.last(), pushes.last());
    const sendMs = last - first;
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    return {
      passengers: each,
      sms: twilio.requests.length,
      emails: smtp.received.length,
      pushes: push.received.length,
      sendMs: Math.round(sendMs),
      messagesPerSecond: Math.round((3 * each * 1000) / sendMs),
      smsMs: Math.round(sms.last() - sms.first()),
      emailMs: Math.round(mail.last() - mail.first()),
      pushMs: Math.round(pushes.last() - pushes.first()),
      probes: latencies.length,
      ackP50Ms: round(pct(50)),
      ackP99Ms: round(pct(99)),
      ackMaxMs: round(sorted.at(-1)!),
      hubCpuMsPerMessage: round((hubCpuMs / (3 * each)) * 100) / 100,
      fakesCpuMsPerMessage:
        round(((fakesCpu.user + fakesCpu.system) / 1000 / (3 * each)) * 100) / 100,
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
    await twilio.stop();
    await smtp.stop();
    await push.stop();
    await rm(caFile, { force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * 25 passenger flights (400 passengers each with phone, e-mail and a push subscription made at
 * the fake push service with the hub's VAPID key) and one more for the probe edits.
 */
async function prepareDataFolder(dataDir: string, push: FakePushService): Promise<Flight[]> {
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
  await Promise.all(
    Object.values(passengers)
      .flat()
      .map((passenger) => {
        const { endpoint, keys: browserKeys } = push.subscribe(keys.publicKey);
        return store.addSubscription(
          passengerKey(passenger.pnr, passenger.name),
          { endpoint, keys: browserKeys },
          at,
        );
      }),
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
