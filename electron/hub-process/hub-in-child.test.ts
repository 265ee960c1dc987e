import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubPreferringPort } from '../hub-start';
import type { ParentMessage } from './hub-child-messages';
import { forkHubChild, HubChildError, startHubInChild, type HubChild } from './hub-in-child';

/** A child process the test plays: it sees what the parent sends and answers by hand. */
class FakeChild implements HubChild {
  readonly sent: ParentMessage[] = [];
  readonly events = new EventEmitter();
  killed = false;
  postMessage(message: ParentMessage) {
    this.sent.push(message);
    this.events.emit('sent', message);
  }
  onMessage(listener: (message: unknown) => void) {
    this.events.on('message', listener);
  }
  onExit(listener: (code: number | null) => void) {
    this.events.on('exit', listener);
  }
  kill() {
    this.killed = true;
    this.events.emit('exit', null);
  }
  answer(message: unknown) {
    this.events.emit('message', message);
  }
}

const fast = { startMs: 2_000, stopMs: 200 };

describe('startHubInChild with an injected process', () => {
  it('asks the child to start, resolves when it listens, and stops it on close', async () => {
    const child = new FakeChild();
    const start = startHubInChild(() => child, fast);
    const starting = start({ dataDir: '/data', demo: true, port: 4300 });
    expect(child.sent).toEqual([
      { type: 'start', options: { dataDir: '/data', demo: true, port: 4300 } },
    ]);
    child.answer({ type: 'ready', url: 'http://127.0.0.1:4300', port: 4300 });
    const hub = await starting;
    expect(hub).toMatchObject({ url: 'http://127.0.0.1:4300', port: 4300 });

    child.events.once('sent', () => child.answer({ type: 'stopped' }));
    await hub.close();
    expect(child.sent.at(-1)).toEqual({ type: 'stop' });
    expect(child.killed).toBe(false);
  });

  it('rejects with the child’s reason and code, so a taken port is tried again as port 0', async () => {
    const children: FakeChild[] = [];
    const start = startHubInChild(() => {
      const child = new FakeChild();
      children.push(child);
      child.events.once('sent', (message: ParentMessage) => {
        if (message.type !== 'start') return;
        if (message.options.port === 4300)
          child.answer({ type: 'failed', message: 'listen EADDRINUSE: 4300', code: 'EADDRINUSE' });
        else child.answer({ type: 'ready', url: 'http://127.0.0.1:51234', port: 51234 });
      });
      return child;
    }, fast);
    const hub = await startHubPreferringPort(
      start,
      { dataDir: '/d', port: 4300 },
      async () => true,
    );
    expect(hub.port).toBe(51234);
    expect(children).toHaveLength(2);
    expect(children[0]!.killed).toBe(true);

    const refused = startHubInChild(() => {
      const child = new FakeChild();
      child.events.once('sent', () =>
        child.answer({ type: 'failed', message: 'the data folder is readable by others' }),
      );
      return child;
    }, fast)({ dataDir: '/d' });
    await expect(refused).rejects.toThrow(HubChildError);
    await expect(refused).rejects.toThrow('the data folder is readable by others');
  });

  it('says so when the child dies while starting, and kills one that will not stop', async () => {
    const dying = new FakeChild();
    const starting = startHubInChild(() => dying, fast)({ dataDir: '/d' });
    dying.events.emit('exit', 1);
    await expect(starting).rejects.toThrow(/ended \(exit code 1\) while starting/);

    const stubborn = new FakeChild();
    const hubStarting = startHubInChild(() => stubborn, fast)({ dataDir: '/d' });
    stubborn.answer({ type: 'ready', url: 'http://127.0.0.1:1', port: 1 });
    const hub = await hubStarting;
    await expect(hub.close()).rejects.toThrow(/did not answer within 200 ms while stopping/);
    expect(stubborn.killed).toBe(true);
  });
});

describe('the hub in a forked process', () => {
  let dataDir: string | null = null;
  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    dataDir = null;
  });

  it(
    'starts a real hub, serves it, and closes it with its writes finished',
    { timeout: 120_000 },
    async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'jetbridge-hub-child-'));
      const start = startHubInChild(
        forkHubChild(path.join(import.meta.dirname, 'hub-child.ts'), {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, LOG_LEVEL: 'warn' },
        }),
      );
      const hub = await start({ dataDir, airport: 'BOM', host: '127.0.0.1', port: 0 });
      const health = await fetch(`${hub.url}/healthz`);
      expect(health.status).toBe(200);
      expect(hub.port).toBeGreaterThan(0);
      const saved = JSON.parse(await readFile(path.join(dataDir, 'hub.json'), 'utf8')) as {
        airport: { iata: string };
      };
      expect(saved.airport.iata).toBe('BOM');
      await hub.close();
      await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
      // The folder the child made is complete: a second child opens it.
      const again = await start({ dataDir, host: '127.0.0.1', port: 0 });
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
      await again.close();
      expect((await stat(path.join(dataDir, 'flights.json'))).size).toBeGreaterThan(0);
    },
  );
});
