import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { canMountTmpfs, fillDisk, mountTmpfs } from '../../test-support/tmpfs';
import { waitFor } from '../../test-support/wait-for';

let hub: TestHub | null = null;
let unmount: (() => Promise<void>) | null = null;
afterEach(async () => {
  await hub?.close().catch(() => undefined);
  hub = null;
  await unmount?.();
  unmount = null;
});

const FLIGHTS = ['f-6e2134', 'f-ai865', 'f-uk955', 'f-sg8169'];

/**
 * A 3 MB tmpfs filled during a burst, then freed: nothing unstored is acknowledged, a refused
 * write is never answered as a conflict, the hub says it is unhealthy and comes back by itself,
 * and the folder starts again with every acknowledged change.
 */
describe.skipIf(!canMountTmpfs)('a full disk', () => {
  it('refuses what it cannot store, never as a conflict, and resumes when space returns', async () => {
    const disk = await mountTmpfs(3 * 1024);
    unmount = disk.unmount;
    const dataDir = join(disk.path, 'data');
    await mkdir(dataDir, { mode: 0o700 });
    hub = await startTestHub({
      dataDir,
      compactEvery: 1_000_000,
      updateRate: { perSecond: 100_000, burst: 100_000 },
      floodRate: { perSecond: 100_000, burst: 100_000 },
    });
    const socket = await hub.connect(await hub.login('super'));
    const filler = await fillDisk(disk.path, 48);

    const versions = new Map(FLIGHTS.map((id) => [id, 0]));
    const acknowledged = new Map<string, string>();
    const refusals: string[] = [];
    let burst = 0;
    // Each flight is edited by one writer in turn, so every refusal here is the disk's.
    while (refusals.length < 20 && burst < 2_000) {
      burst += 1;
      await Promise.all(
        FLIGHTS.map(async (flightId) => {
          const remark = `${flightId} ${burst} `.padEnd(110, 'x');
          const ack = await request(socket, 'flight:update', {
            flightId,
            baseVersion: versions.get(flightId)!,
            opId: randomUUID(),
            changes: { remark, ...(burst % 5 === 0 ? { gate: `${burst % 40}A` } : {}) },
          });
          if (ack.ok) {
            versions.set(flightId, ack.flight.version);
            acknowledged.set(flightId, remark);
          } else {
            refusals.push(`${ack.error.code}: ${ack.error.message}`);
          }
        }),
      );
    }
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.filter((text) => !text.startsWith('INTERNAL'))).toEqual([]);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(503);

    // Space returns: the hub finds out by itself and takes changes again.
    await rm(filler);
    await waitFor(
      async () => (await fetch(`${hub!.url}/healthz`)).status === 200,
      'the hub to report itself healthy again',
      15_000,
    );
    for (const flightId of FLIGHTS) {
      const remark = `${flightId} after`;
      const ack = await request(socket, 'flight:update', {
        flightId,
        baseVersion: versions.get(flightId)!,
        opId: randomUUID(),
        changes: { remark },
      });
      expect(ack).toMatchObject({ ok: true, flight: { remark } });
      acknowledged.set(flightId, remark);
    }

    // The folder a full disk left behind starts again, with every acknowledged change.
    await hub.restart();
    const snapshot = await request(
      await hub.connect(await hub.login('agent1')),
      'flights:snapshot',
      {},
    );
    expect(snapshot.ok).toBe(true);
    if (!snapshot.ok) return;
    for (const [flightId, remark] of acknowledged) {
      expect(snapshot.flights.find((flight) => flight.id === flightId)?.remark).toBe(remark);
    }
  });
});
