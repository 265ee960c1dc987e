import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { waitFor } from '../../test-support/wait-for';

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

/** The highest `absorbed` seq in the notification journal (its checksum suffix ignored). */
async function absorbedInJournal(dataDir: string): Promise<number> {
  const text = await readFile(join(dataDir, 'notifications.ndjson'), 'utf8').catch(() => '');
  let highest = 0;
  for (const match of text.matchAll(/"t":"absorbed","seq":(\d+)/g)) {
    highest = Math.max(highest, Number(match[1]));
  }
  return highest;
}

/**
 * Start-up after a crash replays the change log from the notification journal's watermark.
 * Changes that notify nobody write nothing there, so without a mark of its own the watermark
 * would stay at the last notifiable change and a restart would replay the whole trail since.
 */
describe('the notification watermark', () => {
  it('is written every 1,000 changes while the hub runs, not only at a clean stop', async () => {
    const unlimited = { perSecond: 1_000_000, burst: 1_000_000 };
    hub = await startTestHub({ updateRate: unlimited, floodRate: unlimited });
    const agent = await hub.connect(await hub.login('super'));
    const snapshot = await request(agent, 'flights:snapshot', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const flights = snapshot.flights.slice(0, 4);
    const startSeq = snapshot.seq;
    // Remarks notify nobody: 1,100 of them, four flights at a time.
    await Promise.all(
      flights.map(async (flight) => {
        let version = flight.version;
        for (let n = 0; n < 275; n += 1) {
          const ack = await request(agent, 'flight:update', {
            flightId: flight.id,
            baseVersion: version,
            opId: randomUUID(),
            changes: { remark: `mark ${n}` },
          });
          if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
          version = ack.flight.version;
        }
      }),
    );
    await waitFor(
      async () => (await absorbedInJournal(hub!.dataDir)) >= startSeq + 1_000,
      'a watermark 1,000 changes on',
      10_000,
    );
    expect(await absorbedInJournal(hub.dataDir)).toBeLessThanOrEqual(startSeq + 1_100);
  });
});
