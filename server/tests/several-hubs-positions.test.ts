import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { PositionsSnapshot, PositionsUpdate } from '../../core/positions';
import { runKeysCommand } from '../cli/keys-command';
import { startHubCluster, type TestHubCluster } from '../../test-support/hub-cluster';
import { requestRaw, type HubClient } from '../../test-support/hub-harness';
import { postPositions, stateVector } from '../../test-support/position-states';
import { stopSharedPostgres } from '../../test-support/postgres';

let cluster: TestHubCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});
afterAll(stopSharedPostgres);

/** A feed key added on the database (`npm run hub -- keys add`), shown once. */
async function addKey(databaseUrl: string, name: string): Promise<string> {
  const out: string[] = [];
  const code = await runKeysCommand(['add', name], {
    env: { JETBRIDGE_DATABASE_URL: databaseUrl },
    out: (text) => out.push(text),
    err: () => undefined,
  });
  expect(code).toBe(0);
  return out.join('\n').trim().split('\n').at(-1)!.trim();
}

/** Resolves with the first `positions:update` that has `icao24` (updates come once a second). */
function updateWith(
  socket: HubClient,
  icao24: string,
  timeoutMs = 10_000,
): Promise<PositionsUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('positions:update', listener);
      reject(new Error(`no positions:update with ${icao24} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (update: PositionsUpdate) => {
      if (!update.positions.some((position) => position.icao24 === icao24)) return;
      socket.off('positions:update', listener);
      clearTimeout(timer);
      resolve(update);
    };
    socket.on('positions:update', listener);
  });
}

async function snapshot(socket: HubClient): Promise<PositionsSnapshot> {
  const ack = (await requestRaw(socket, 'positions:snapshot', {})) as {
    ok: boolean;
  } & PositionsSnapshot;
  expect(ack.ok).toBe(true);
  return ack;
}

describe('aircraft positions on two hubs sharing PostgreSQL and Redis', { timeout: 60_000 }, () => {
  it('shows positions posted to one hub to the consoles of the other, matched alike', async () => {
    cluster = await startHubCluster(2);
    const [a, b] = cluster.hubs;
    const key = await addKey(cluster.databaseUrl, 'adsb');
    const onB = await b!.connect(await b!.login('board'));
    const onA = await a!.connect(await a!.login('board'));
    const heardOnB = updateWith(onB, '800001');

    const time = Math.floor(Date.now() / 1000);
    const posted = await postPositions(a!.url, key, {
      time,
      states: [
        stateVector({ icao24: '800001', callsign: null, lat: 27.9, lon: 76.4, time }),
        stateVector({ icao24: '800002', callsign: 'AIC865', lat: 28.2, lon: 76.9, time }),
      ],
    });
    expect(posted).toMatchObject({ status: 200, body: { accepted: 2 } });

    // Hub B's consoles hear of them in B's own once-a-second update, and B keeps them.
    await heardOnB;
    const fromB = await snapshot(onB);
    const fromA = await snapshot(onA);
    const byAddress = (shot: PositionsSnapshot) =>
      shot.positions
        .map(({ icao24, flightId, lat, lon }) => ({ icao24, flightId, lat, lon }))
        .sort((x, y) => x.icao24.localeCompare(y.icao24));
    expect(byAddress(fromB)).toEqual(byAddress(fromA));
    expect(byAddress(fromB).map((position) => position.icao24)).toEqual(['800001', '800002']);
  });
});
