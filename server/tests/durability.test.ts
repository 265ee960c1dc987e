import { randomUUID } from 'node:crypto';
import { appendFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  request,
  startTestHub,
  type HubClient,
  type TestHub,
} from '../../test-support/hub-harness';

let hub: TestHub;
const keptFolders: string[] = [];
afterEach(async () => {
  await hub?.close();
  await Promise.all(keptFolders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A hub whose data folder outlives close(), so a test can damage it and start again. */
async function startKeepingData(options: Parameters<typeof startTestHub>[0] = {}) {
  const started = await startTestHub({ ...options, keepDataDir: true });
  keptFolders.push(started.dataDir);
  return started;
}

async function agent(): Promise<HubClient> {
  return hub.connect(await hub.login('agent1'));
}

async function snapshot(socket: HubClient) {
  const ack = await request(socket, 'flights:snapshot', {});
  if (!ack.ok) throw new Error(ack.error.message);
  return ack;
}

describe('opId idempotency', () => {
  it('answers a repeated opId with the first result and changes nothing', async () => {
    hub = await startTestHub();
    const socket = await agent();
    const payload = {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { gate: '14' },
    };
    const first = await request(socket, 'flight:update', payload);
    await request(socket, 'flight:update', {
      ...payload,
      opId: randomUUID(),
      changes: { remark: 'later' },
    });
    const again = await request(socket, 'flight:update', payload);
    expect(again).toEqual(first);
    expect(await snapshot(socket)).toMatchObject({ seq: 2 });
  });

  it('answers concurrent retries of one opId once, with one seq', async () => {
    hub = await startTestHub();
    const socket = await agent();
    const payload = {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { gate: '14' },
    };
    const acks = await Promise.all([1, 2, 3].map(() => request(socket, 'flight:update', payload)));
    for (const ack of acks) expect(ack).toEqual(acks[0]);
    expect(await snapshot(socket)).toMatchObject({ seq: 1 });
  });

  it('remembers opIds across a restart', async () => {
    hub = await startTestHub();
    const payload = {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { gate: '14' },
    };
    const first = await request(await agent(), 'flight:update', payload);
    await hub.restart();
    const socket = await agent();
    expect(await request(socket, 'flight:update', payload)).toEqual(first);
    expect(await snapshot(socket)).toMatchObject({ seq: 1 });
  });
});

describe('restart', () => {
  it('keeps every acknowledged change, with the same seq and versions', async () => {
    // Compact every 5 changes so the restart reads both the snapshot and the log after it.
    hub = await startTestHub({ compactEvery: 5, segmentMaxEntries: 4 });
    const socket = await agent();
    for (let n = 0; n < 12; n += 1) {
      const ack = await request(socket, 'flight:update', {
        flightId: n % 2 ? 'f-ai865' : 'f-uk955',
        baseVersion: Math.floor(n / 2),
        opId: randomUUID(),
        changes: { remark: `remark ${n}` },
      });
      expect(ack.ok).toBe(true);
    }
    const before = await snapshot(socket);
    await hub.restart();
    const after = await snapshot(await agent());
    expect(after).toEqual(before);
    expect(after.seq).toBe(12);
    const segments = (await readdir(join(hub.dataDir, 'changes')))
      .filter((name) => name.endsWith('.ndjson'))
      .sort();
    expect(segments).toEqual([
      'changes-000000000001.ndjson',
      'changes-000000000005.ndjson',
      'changes-000000000009.ndjson',
    ]);
  });

  it('keeps conflict history across a restart', async () => {
    hub = await startTestHub();
    const socket = await agent();
    await request(socket, 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { gate: '14' },
    });
    await hub.restart();
    const ack = await request(await agent(), 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { gate: '15' },
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'CONFLICT', current: { gate: '14' } } });
  });

  it('sets aside a torn final log line and starts', async () => {
    hub = await startKeepingData();
    await request(await agent(), 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { gate: '14' },
    });
    await hub.hub.close();
    const log = join(hub.dataDir, 'changes', 'changes-000000000001.ndjson');
    const complete = await readFile(log, 'utf8');
    await appendFile(log, '{"seq":2,"flightId":"f-ai8');
    await hub.restart();
    const socket = await agent();
    expect(await snapshot(socket)).toMatchObject({ seq: 1 });
    expect(await readFile(log, 'utf8')).toBe(complete);
    const files = await readdir(join(hub.dataDir, 'changes'));
    const side = files.find((name) => name.includes('.torn-'));
    expect(side).toBeDefined();
    expect(await readFile(join(hub.dataDir, 'changes', side!), 'utf8')).toBe(
      '{"seq":2,"flightId":"f-ai8',
    );
    // The next change takes seq 2 and the log stays readable.
    await request(socket, 'flight:update', {
      flightId: 'f-uk955',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { gate: '31' },
    });
    await hub.restart();
    expect(await snapshot(await agent())).toMatchObject({ seq: 2 });
  });
});

describe('corrupt data files', () => {
  const corruptions: Array<[string, string, string]> = [
    ['flights.json', '{"seq": 0, "flights": [', 'not valid JSON'],
    [
      'flights.json',
      '{"crc":"00000000","data":{"seq":0,"savedAt":"2026-01-01T00:00:00Z","flights":[]}}',
      'its checksum 00000000 does not match its content',
    ],
    [
      'users.json',
      '{"users": [{"username": "x", "role": "pilot", "passwordHash": "$argon2id$"}]}',
      'users.0.role',
    ],
    ['hub.json', '[]', 'hub.json'],
    ['changes/changes-000000000001.ndjson', '{"seq":1}\n', 'line 1'],
  ];

  it('refuses a gate changed inside a valid flights.json, naming the file', async () => {
    hub = await startKeepingData();
    await request(await agent(), 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { gate: '14' },
    });
    await hub.hub.close();
    const path = join(hub.dataDir, 'flights.json');
    const text = await readFile(path, 'utf8');
    expect(text).toContain('"gate":"14"');
    await writeFile(path, text.replace('"gate":"14"', '"gate":"15"'));
    await expect(hub.restart()).rejects.toThrow(
      /flights\.json: its checksum [0-9a-f]{8} does not match its content/,
    );
    hub = await startTestHub();
  });
  it.each(corruptions)(
    'refuses to start on a broken %s, naming it, and leaves it as it was',
    async (file, text, problem) => {
      hub = await startKeepingData();
      await request(await agent(), 'flight:update', {
        flightId: 'f-ai865',
        baseVersion: 0,
        opId: randomUUID(),
        changes: { gate: '14' },
      });
      await hub.hub.close();
      const path = join(hub.dataDir, file);
      await writeFile(path, text);
      const failure = hub.restart();
      await expect(failure).rejects.toThrow(file.split('/').at(-1)!);
      await expect(failure).rejects.toThrow(problem);
      expect(await readFile(path, 'utf8')).toBe(text);
      // Restore something startable so that close() in afterEach has a hub to close.
      hub = await startTestHub();
    },
  );

  it('refuses a non-empty folder that is not a data folder', async () => {
    hub = await startKeepingData();
    await hub.hub.close();
    await writeFile(join(hub.dataDir, 'hub.json.bak'), '');
    await rm(join(hub.dataDir, 'hub.json'));
    await expect(hub.restart()).rejects.toThrow('hub.json: is missing');
    hub = await startTestHub();
  });
});

describe('sync:since', () => {
  it('returns the changes after a seq, and a reset when the window no longer holds them', async () => {
    hub = await startTestHub({ recentChanges: 3 });
    const socket = await agent();
    for (let n = 0; n < 5; n += 1) {
      await request(socket, 'flight:update', {
        flightId: 'f-ai865',
        baseVersion: n,
        opId: randomUUID(),
        changes: { remark: `r${n}` },
      });
    }
    const since3 = await request(socket, 'sync:since', { seq: 3 });
    expect(since3).toMatchObject({ ok: true, seq: 5 });
    expect(since3.ok && !since3.reset && since3.changes.map((c) => c.seq)).toEqual([4, 5]);
    expect(await request(socket, 'sync:since', { seq: 5 })).toMatchObject({
      ok: true,
      seq: 5,
      changes: [],
    });
    const ahead = await request(socket, 'sync:since', { seq: 9 });
    expect(ahead).toMatchObject({ ok: true, seq: 5, reset: true });
    expect(ahead.ok && ahead.reset && ahead.flights).toHaveLength(4);
    expect(await request(socket, 'sync:since', { seq: -1 } as never)).toMatchObject({
      ok: false,
      error: { code: 'INVALID' },
    });
  });

  it('answers with a reset after a restart when older changes are not in the window', async () => {
    hub = await startTestHub({ recentChanges: 2, compactEvery: 1 });
    const socket = await agent();
    for (let n = 0; n < 4; n += 1) {
      await request(socket, 'flight:update', {
        flightId: 'f-ai865',
        baseVersion: n,
        opId: randomUUID(),
        changes: { remark: `r${n}` },
      });
    }
    await hub.restart();
    const next = await agent();
    const recent = await request(next, 'sync:since', { seq: 2 });
    expect(recent.ok && !recent.reset && recent.changes.map((c) => c.seq)).toEqual([3, 4]);
    expect(await request(next, 'sync:since', { seq: 0 })).toMatchObject({
      ok: true,
      reset: true,
      seq: 4,
    });
  });
});
