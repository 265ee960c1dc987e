import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';

let hub: TestHub | null = null;
const cleanup: string[] = [];
afterEach(async () => {
  await hub?.close().catch(() => undefined);
  hub = null;
  for (const path of cleanup.splice(0)) await rm(path, { recursive: true, force: true });
});

/** `count` remark changes, each on the version the previous answer gave. */
async function updateRemarks(hub: TestHub, count: number) {
  const socket = await hub.connect(await hub.login('agent1'));
  const snapshot = await request(socket, 'flights:snapshot', {});
  let version = (snapshot.ok && snapshot.flights.find((f) => f.id === 'f-ai865')?.version) || 0;
  const answers = [];
  for (let n = 0; n < count; n += 1) {
    const answer = await request(socket, 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: version,
      opId: randomUUID(),
      changes: { remark: `${randomUUID().slice(0, 8)} ${n}` },
    });
    if (answer.ok) version = answer.flight.version;
    answers.push(answer);
  }
  return answers;
}

describe('the data folder vanishes under a running hub', () => {
  it('acknowledges nothing once the folder is deleted, and says it is unhealthy', async () => {
    hub = await startTestHub();
    const [first] = await updateRemarks(hub, 1);
    expect(first).toMatchObject({ ok: true });
    await rm(hub.dataDir, { recursive: true, force: true });

    const answers = await updateRemarks(hub, 20);
    expect(answers.filter((answer) => answer.ok)).toEqual([]);
    expect(new Set(answers.map((answer) => !answer.ok && answer.error.code))).toEqual(
      new Set(['INTERNAL']),
    );
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(503);
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(503);
  });

  it('acknowledges nothing once the folder is swapped for another', async () => {
    hub = await startTestHub({ keepDataDir: true });
    const moved = await mkdtemp(join(tmpdir(), 'jetbridge-moved-'));
    cleanup.push(moved, hub.dataDir);
    await rename(hub.dataDir, join(moved, 'data'));
    // Someone puts an empty folder where the data folder was.
    await mkdir(join(hub.dataDir, 'changes'), { recursive: true });

    const answers = await updateRemarks(hub, 5);
    expect(answers.every((answer) => !answer.ok && answer.error.code === 'INTERNAL')).toBe(true);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(503);
  });
});
