/**
 * Live traffic under a whole sky (issue 15, item 5): 5,000 aircraft, each reporting every
 * second, posted as one OpenSky `/states/all` body a second to `POST /api/feed/positions` of a
 * hub in its own process for 20 s, while 5 consoles follow `positions:update`. Like
 * `npm run feed:demo`, the producer waits for each answer before the next second's body (a late
 * answer makes the next body go at once). 1,500 of the
 * aircraft fly the hub's flights (1,000 departures, 500 inbound arrivals that get an estimate);
 * the rest match nothing. Every aircraft moves every second, so every update carries all of them
 * (the worst case for the diff). Figures: the hub's CPU per state ingested and per second (an
 * idle baseline beside it), the POST's answer time, the updates' rate and size, and the hub's
 * heap after full GCs before and after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { destinationPoint, knotsToMetresPerSecond, type LatLon } from '../core/geo';
import type { PositionsUpdate } from '../core/positions';
import { addApiKey } from '../server/feed/api-keys';
import { findAirline, findAirport } from '../server/reference/reference-data';
import type { OpenSkyStateVectorTuple } from '../server/traffic/opensky-states';
import { BENCH_PASSWORD, latencySummary, writeBenchDataFolder } from './support/bench-data';
import { connectClient, login, sleep, startBenchHubProcess } from './support/bench-clients';

const AIRCRAFT = 5_000;
const FLIGHTS = 1_500;
const ARRIVALS = 500;
const CONSOLES = 5;
const DURATION_MS = 20_000;
const IDLE_MS = 5_000;

interface Aircraft {
  icao24: string;
  callsign: string | null;
  start: LatLon;
  trackDeg: number;
  speedKt: number;
}

/** The sky: aircraft within ~300 km of Delhi; the first FLIGHTS fly the bench flights' numbers. */
export function sky(flights: { flightNumber: string; airline: string }[]): Aircraft[] {
  const del = findAirport('DEL')!;
  return Array.from({ length: AIRCRAFT }, (_, index) => {
    const flight = flights[index];
    const icao = flight ? findAirline(flight.airline)?.icao : undefined;
    const number = flight?.flightNumber.split(' ')[1];
    const callsign = icao && number ? `${icao}${number}` : index % 3 ? `ZZZ${index}` : null;
    const bearing = (index * 137.5) % 360;
    return {
      icao24: (0x700000 + index).toString(16),
      callsign,
      start: destinationPoint(del, bearing, 20 + (index % 300)),
      trackDeg: (bearing + 180) % 360,
      speedKt: 250 + (index % 250),
    };
  });
}

export function body(aircraft: Aircraft[], seconds: number, elapsedS: number) {
  const states: OpenSkyStateVectorTuple[] = aircraft.map((plane) => {
    const speed = knotsToMetresPerSecond(plane.speedKt);
    const at = destinationPoint(plane.start, plane.trackDeg, (speed * elapsedS) / 1000);
    const callsign = plane.callsign === null ? null : plane.callsign.padEnd(8, ' ');
    return [
      plane.icao24,
      callsign,
      'India',
      seconds,
      seconds,
      at.lon,
      at.lat,
      9_000,
      false,
      speed,
      plane.trackDeg,
      0,
      null,
      9_100,
      '2000',
      false,
      0,
    ];
  });
  return { time: seconds, states };
}

export default async function positions() {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-positions-'));
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  const sockets: Socket[] = [];
  try {
    const flights = await writeBenchDataFolder(dataDir, {
      flights: FLIGHTS,
      trail: 0,
      editors: CONSOLES,
      arrivals: ARRIVALS,
    });
    const key = await addApiKey(dataDir, { name: 'adsb' });
    hub = await startBenchHubProcess(dataDir, {}, { ipc: true });
    const url = hub.url;
    const counts = { updates: 0, positions: 0, removed: 0, estimates: 0, bytes: 0 };
    const updateTimes: number[] = [];
    for (let n = 1; n <= CONSOLES; n += 1) {
      const socket = await connectClient(url, await login(url, `editor${n}`, BENCH_PASSWORD));
      // The first console measures what each console receives.
      if (n === 1) {
        socket.on('positions:update', (update: PositionsUpdate) => {
          counts.updates += 1;
          counts.positions += update.positions.length;
          counts.removed += update.removed.length;
          counts.estimates += update.positions.filter((each) => each.estimate).length;
          counts.bytes += Buffer.byteLength(JSON.stringify(update));
          updateTimes.push(performance.now());
        });
      } else {
        socket.on('positions:update', () => undefined);
      }
      sockets.push(socket);
    }
    const aircraft = sky(flights);

    const before = await hub.heapAfterGc();
    const idleFrom = await hub.cpuMs();
    await sleep(IDLE_MS);
    const idleCpuMsPerS = ((await hub.cpuMs()) - idleFrom) / (IDLE_MS / 1000);
    const loadBefore = loadavg()[0];

    const answerMs: number[] = [];
    const answers = { posts: 0, accepted: 0, outOfOrder: 0, refused: 0, dropped: 0 };
    let bodyBytes = 0;
    const cpuFrom = await hub.cpuMs();
    const started = performance.now();
    const startedS = Math.floor(Date.now() / 1000);
    for (let tick = 0; performance.now() - started < DURATION_MS; tick += 1) {
      const wait = started + tick * 1000 - performance.now();
      if (wait > 1) await sleep(wait);
      const elapsedS = Math.floor((performance.now() - started) / 1000);
      const text = JSON.stringify(body(aircraft, startedS + elapsedS, elapsedS));
      bodyBytes = text.length;
      const sent = performance.now();
      const response = await fetch(`${url}/api/feed/positions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: text,
      });
      const answer = (await response.json()) as Record<string, number>;
      answerMs.push(performance.now() - sent);
      if (!response.ok) throw new Error(`positions ${response.status}: ${JSON.stringify(answer)}`);
      answers.posts += 1;
      answers.accepted += answer.accepted ?? 0;
      answers.outOfOrder += answer.outOfOrder ?? 0;
      answers.refused += answer.refused ?? 0;
      answers.dropped += answer.dropped ?? 0;
    }
    await sleep(1_500); // the last update goes out
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = (await hub.cpuMs()) - cpuFrom;
    const after = await hub.heapAfterGc();
    const loadAfter = loadavg()[0];

    const gaps = updateTimes.slice(1).map((at, index) => at - updateTimes[index]!);
    return {
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
      aircraft: AIRCRAFT,
      consoles: CONSOLES,
      bodyKB: bodyBytes / 1024,
      posts: answers.posts,
      statesAccepted: answers.accepted,
      statesOutOfOrder: answers.outOfOrder,
      statesRefused: answers.refused,
      statesDropped: answers.dropped,
      postAnswerMs: latencySummary(answerMs),
      hubCpuMsPerSecond: cpuMs / seconds,
      hubIdleCpuMsPerSecond: idleCpuMsPerS,
      hubCpuUsPerState: (cpuMs * 1000) / answers.accepted,
      hubCpuUsPerStateAboveIdle: ((cpuMs - idleCpuMsPerS * seconds) * 1000) / answers.accepted,
      updatesPerSecond: counts.updates / seconds,
      updateGapMs: latencySummary(gaps),
      positionsPerUpdate: counts.positions / Math.max(1, counts.updates),
      estimatesPerUpdate: counts.estimates / Math.max(1, counts.updates),
      updateKB: counts.bytes / Math.max(1, counts.updates) / 1024,
      updateKBPerSecondPerConsole: counts.bytes / seconds / 1024,
      heapIdleMB: before.heapUsed / 1024 / 1024,
      heapAfterMB: after.heapUsed / 1024 / 1024,
    };
  } finally {
    for (const socket of sockets) socket.close();
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
