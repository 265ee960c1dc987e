/**
 * The operational feed under an AODB's load while agents edit (issue #8 item 8). The hub (its
 * own process) serves DEL with 1,500 live flights edited by 20 agents at 100 changes/s, evenly
 * paced, and 600 scheduled departures a day imported by CSV. An API key then sends 500 feed
 * messages/s in batches of 100 (`POST /api/feed/flights`, gate and stand changes) for 20 s.
 * Figures: messages applied/s, the feed's answer time per batch, and the agents' ack latency
 * during the feed — target p99 ≤ 100 ms — beside the same before it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Socket } from 'socket.io-client';
import { addApiKey } from '../server/feed/api-keys';
import {
  addBenchSupervisor,
  BENCH_PASSWORD,
  latencySummary,
  writeBenchDataFolder,
} from './support/bench-data';
import { connectClient, login, sleep, startBenchHubProcess } from './support/bench-clients';
import { PacedEdits } from './support/paced-edits';

const FLIGHTS = 1_500;
const EDITORS = 20;
const EDIT_RATE = 100;
const SCHEDULED = 600;
const BATCH = 100;
const BATCHES_PER_SECOND = 5;
const FEED_MS = 20_000;
const ZONE = 'Asia/Kolkata';

export default async function feed() {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-feed-'));
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  const sockets: Socket[] = [];
  try {
    const flights = await writeBenchDataFolder(dataDir, {
      flights: FLIGHTS,
      trail: 0,
      editors: EDITORS,
    });
    await addBenchSupervisor(dataDir);
    const key = await addApiKey(dataDir, { name: 'aodb' });
    hub = await startBenchHubProcess(dataDir);
    const today = DateTime.now().setZone(ZONE).toISODate()!;
    await importDepartures(hub.url, await login(hub.url, 'super', BENCH_PASSWORD), today);

    for (let n = 1; n <= EDITORS; n += 1) {
      sockets.push(
        await connectClient(hub.url, await login(hub.url, `editor${n}`, BENCH_PASSWORD)),
      );
    }
    const edits = new PacedEdits(sockets, flights, EDIT_RATE);
    const editing = edits.run();
    await sleep(5_000);

    edits.mark('feed');
    const batchMs: number[] = [];
    let applied = 0;
    let refused = 0;
    const firstRefusals: unknown[] = [];
    const sending: Promise<void>[] = [];
    const feedStart = performance.now();
    const batches = (FEED_MS / 1000) * BATCHES_PER_SECOND;
    for (let b = 0; b < batches; b += 1) {
      const wait = feedStart + (b * 1000) / BATCHES_PER_SECOND - performance.now();
      if (wait > 1) await sleep(wait);
      const messages = Array.from({ length: BATCH }, (_, m) => {
        const n = b * BATCH + m;
        return {
          messageId: `bench-${n}`,
          airline: 'XX',
          flightNumber: String(100 + (n % SCHEDULED)),
          direction: 'departure',
          date: today,
          set: n % 2 ? { gate: `${(n % 80) + 1}` } : { stand: `R${(n % 120) + 1}` },
        };
      });
      const sent = performance.now();
      sending.push(
        fetch(`${hub.url}/api/feed/flights`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ messages }),
        }).then(async (response) => {
          const body = (await response.json()) as { results?: { ok: boolean }[] };
          batchMs.push(performance.now() - sent);
          if (!response.ok)
            throw new Error(`feed batch ${response.status}: ${JSON.stringify(body)}`);
          for (const result of body.results ?? []) {
            if (result.ok) applied += 1;
            else {
              refused += 1;
              if (firstRefusals.length < 3) firstRefusals.push(result);
            }
          }
        }),
      );
    }
    await Promise.all(sending);
    const feedSeconds = (performance.now() - feedStart) / 1000;
    edits.mark('after');
    edits.stop();
    await editing;

    return {
      loadAverageBefore: loadavg()[0],
      messagesSent: batches * BATCH,
      messagesApplied: applied,
      messagesRefused: refused,
      firstRefusals,
      appliedPerSecond: applied / feedSeconds,
      targetPerSecond: 500,
      feedBatchMs: latencySummary(batchMs),
      editsBefore: latencySummary(edits.samples('before')),
      editsDuringFeed: latencySummary(edits.samples('feed')),
      ackP99TargetMs: 100,
      refusedEdits: edits.refused,
    };
  } finally {
    for (const socket of sockets) socket.close();
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** SCHEDULED departures XX 100… from DEL today, spread over the day, through the import API. */
async function importDepartures(url: string, token: string, today: string): Promise<void> {
  const lines = ['airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type'];
  for (let n = 0; n < SCHEDULED; n += 1) {
    const minutes = Math.floor((n * 24 * 60) / SCHEDULED);
    // BOM is in the same zone: two hours later, read as the next day when past midnight.
    lines.push(
      `XX,${100 + n},DEL,BOM,${clock(minutes)},${clock(minutes + 120)},${today},${today},1234567,320`,
    );
  }
  const response = await fetch(`${url}/api/schedules?format=csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: lines.join('\n'),
  });
  if (!response.ok) throw new Error(`schedule refused: ${await response.text()}`);
}

function clock(minutes: number): string {
  const m = minutes % (24 * 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
