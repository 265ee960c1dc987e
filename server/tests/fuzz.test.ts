import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../core';
import { createHttpFuzzRequests } from '../../test-support/fuzz-http-requests';
import { createFuzzPayloads, seededRng } from '../../test-support/fuzz-payloads';
import { startTestHub, type HubClient, type TestHub } from '../../test-support/hub-harness';

/**
 * Throws ≥ 10,000 malformed, oversized, wrongly typed and random payloads at every event and
 * endpoint. The hub must stay up, keep every connection, answer each with an error envelope
 * (never INTERNAL, never internal detail), and leave the data folder byte for byte as it was.
 * Deterministic: FUZZ_SEED picks another sequence.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const SOCKET_PAYLOADS = Number(process.env.FUZZ_SOCKET_PAYLOADS ?? 9_000);
const HTTP_REQUESTS = Number(process.env.FUZZ_HTTP_REQUESTS ?? 1_500);

const rng = seededRng(SEED);
const fuzz = createFuzzPayloads(rng);

function preview(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 120);
  } catch (error) {
    return String(error);
  }
}

function problemWithEnvelope(answer: unknown): string | null {
  const envelope = answer as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (envelope?.ok !== false) return `not an error: ${JSON.stringify(answer)?.slice(0, 200)}`;
  return problemWithError(envelope.error);
}

function problemWithError(error: { code?: unknown; message?: unknown } | undefined): string | null {
  if (!error || !ERROR_CODES.includes(error.code as never))
    return `bad code: ${String(error?.code)}`;
  if (error.code === 'INTERNAL') return `INTERNAL: ${String(error.message)}`;
  if (typeof error.message !== 'string') return 'message is not a string';
  if (error.message.length > 500) return 'message is too long';
  if (/\n\s+at |node_modules|\/server\/|\.ts:\d/.test(error.message)) {
    return `message leaks internals: ${error.message}`;
  }
  return null;
}

async function hashFolder(folder: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        hashes[relative(folder, path)] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
    }
  };
  await walk(folder);
  return hashes;
}

let hub: TestHub;
let tokens: Record<'board' | 'agent6e' | 'super', string>;
beforeAll(async () => {
  // Limits high enough that the payloads reach the handlers (the limits have their own tests).
  hub = await startTestHub({
    floodRate: { perSecond: 1e6, burst: 1e6 },
    updateRate: { perSecond: 1e6, burst: 1e6 },
  });
  tokens = {
    board: await hub.login('board'),
    agent6e: await hub.login('agent6e'),
    super: await hub.login('super'),
  };
});
afterAll(async () => {
  await hub?.close();
});

describe(`fuzz (seed ${SEED})`, () => {
  it('answers every malformed payload with an error and changes nothing', async () => {
    const sockets: HubClient[] = await Promise.all(
      Object.values(tokens).map((t) => hub.connect(t)),
    );
    const disconnects: string[] = [];
    for (const socket of sockets) {
      socket.on('disconnect', (reason) =>
        disconnects.push(`${reason} after ${lastSent.get(socket)}`),
      );
    }
    const lastSent = new Map<HubClient, string>();
    const before = await hashFolder(hub.dataDir);
    const snapshotBefore = await (
      await fetch(`${hub.url}/api/flights`, {
        headers: { authorization: `Bearer ${tokens.super}` },
      })
    ).text();
    const problems: string[] = [];
    let sent = 0;

    // Socket.IO: every event, known and unknown, from every role.
    const jobs: (() => Promise<void>)[] = [];
    while (jobs.length < SOCKET_PAYLOADS) {
      const { event, payload, extra } = fuzz.nextSocketMessage();
      const socket = rng.pick(sockets);
      jobs.push(async () => {
        const raw = socket as unknown as {
          timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
        };
        if (!socket.connected) return;
        lastSent.set(socket, `${event} ${preview(payload)}`);
        try {
          const answer = await raw.timeout(15_000).emitWithAck(event, payload, ...extra);
          const problem = problemWithEnvelope(answer);
          if (problem)
            problems.push(
              `${event} ${preview(payload)} ${preview(extra)}: ${problem.slice(0, 80)}`,
            );
        } catch (error) {
          problems.push(`${event}: no answer (${(error as Error).message})`);
        }
        sent += 1;
      });
    }

    // HTTP: every endpoint; each request is drawn when its job starts.
    const nextRequest = createHttpFuzzRequests(rng, fuzz, hub.url, tokens);
    const httpJob = async () => {
      const { url, init } = nextRequest();
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch (error) {
        problems.push(
          `HTTP ${init.method ?? 'GET'} ${url.slice(0, 80)}: ${(error as Error).message}`,
        );
        return;
      }
      sent += 1;
      const text = await response.text();
      if (response.status < 400) {
        problems.push(
          `HTTP ${init.method ?? 'GET'} ${url.slice(0, 80)}: status ${response.status}`,
        );
        return;
      }
      let parsed: { error?: { code?: unknown; message?: unknown } };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        problems.push(
          `HTTP ${response.status} ${url.slice(0, 80)}: not JSON: ${text.slice(0, 100)}`,
        );
        return;
      }
      const problem = problemWithError(parsed.error);
      if (problem) problems.push(`HTTP ${url.slice(0, 80)}: ${problem}`);
    };
    for (let i = 0; i < HTTP_REQUESTS; i += 1) jobs.push(httpJob);

    // Shuffle, then run with bounded concurrency.
    for (let i = jobs.length - 1; i > 0; i -= 1) {
      const j = rng.int(i + 1);
      [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
    }
    let index = 0;
    await Promise.all(
      Array.from({ length: 48 }, async () => {
        while (index < jobs.length) await jobs[index++]!();
      }),
    );

    expect(disconnects).toEqual([]);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(disconnects).toEqual([]);
    expect(sockets.every((socket) => socket.connected)).toBe(true);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const snapshotAfter = await (
      await fetch(`${hub.url}/api/flights`, {
        headers: { authorization: `Bearer ${tokens.super}` },
      })
    ).text();
    expect(snapshotAfter).toBe(snapshotBefore);
    expect(await hashFolder(hub.dataDir)).toEqual(before);
  }, 120_000);
});
