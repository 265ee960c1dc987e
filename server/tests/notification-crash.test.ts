import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Flight, Notification, Passenger } from '../../core';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { waitFor } from '../../test-support/wait-for';
import { fixtureSeed, startTestHub, type HubClient } from '../../test-support/hub-harness';
import { loginAt } from '../../test-support/hub-client';
import { startHubProcess, type HubProcess } from '../../test-support/hub-process';

const PER_FLIGHT = 100;

const running: HubProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const hub of running.splice(0)) hub.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startHub(env: Record<string, string>): Promise<HubProcess> {
  const hub = await startHubProcess({ env });
  running.push(hub);
  return hub;
}

function passengersFor(flightIndex: number): Passenger[] {
  return Array.from({ length: PER_FLIGHT }, (_, i) => ({
    pnr: `P${flightIndex}${String(i).padStart(4, '0')}`,
    name: `Passenger ${flightIndex}-${i}`,
    phone: `+9198${flightIndex}${String(i).padStart(7, '0')}`,
    locale: i % 3 === 0 ? 'hi' : 'en',
  }));
}

const login = (url: string, username: string) => loginAt(url, username);

describe('a hub process killed while sending notifications', () => {
  it('sends every one after a restart, and none twice: interrupted sends are checked with Twilio', async () => {
    const twilio = new FakeTwilioServer();
    twilio.delayMs = 20;
    await twilio.start();
    cleanups.push(() => twilio.stop());

    // The data folder: the fixture airport, four flights of 500 passengers with a phone each.
    const fixture = fixtureSeed();
    const setup = await startTestHub({
      keepDataDir: true,
      seed: () => ({
        ...fixture,
        passengers: Object.fromEntries(fixture.flights.map((f, i) => [f.id, passengersFor(i)])),
      }),
    });
    const dataDir = setup.dataDir;
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    await setup.close();

    const env = {
      JETBRIDGE_DATA_DIR: dataDir,
      JETBRIDGE_PORT: '0',
      JETBRIDGE_NOTIFY_COALESCE_MS: '200',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: twilio.apiBase,
    };
    const first = await startHub(env);
    const socket: HubClient = io(first.url, {
      auth: { token: await login(first.url, 'agent1') },
      transports: ['websocket'],
      reconnection: false,
    });
    cleanups.push(async () => void socket.close());
    const snapshot = (await socket.timeout(10_000).emitWithAck('flights:snapshot', {})) as {
      flights: Flight[];
    };
    for (const flight of snapshot.flights) {
      const ack = (await socket.timeout(10_000).emitWithAck('flight:update', {
        flightId: flight.id,
        baseVersion: flight.version,
        opId: randomUUID(),
        changes: { gate: 'G99' },
      })) as { ok: boolean };
      expect(ack.ok).toBe(true);
    }
    const total = snapshot.flights.length * PER_FLIGHT;
    expect(total).toBe(400);

    // Mid-burst: no clean stop, no flushing — the process is gone. Every request the fake has
    // taken but not answered yet is one whose answer the hub will never see.
    await waitFor(() => twilio.requests.length >= 150, 'the burst to be under way', 30_000);
    const inFlightAtKill = twilio.inFlight;
    first.kill('SIGKILL');
    await first.exited;
    const beforeRestart = twilio.messages.length;
    expect(beforeRestart).toBeLessThan(total);
    expect(inFlightAtKill).toBeGreaterThan(0);

    const second = await startHub(env);
    const recipients = () => new Set(twilio.messages.map((m) => m.to)).size;
    // Interrupted sends wait for Twilio's listing delay (15 s) before they are checked.
    await waitFor(() => recipients() === total, 'every passenger to get the SMS', 60_000);
    const token = await login(second.url, 'super');
    const statuses = async () => {
      const all: Notification[] = [];
      for (const flight of snapshot.flights) {
        const response = await fetch(`${second.url}/api/flights/${flight.id}/notifications`, {
          headers: { authorization: `Bearer ${token}` },
        });
        all.push(...((await response.json()) as { notifications: Notification[] }).notifications);
      }
      return all;
    };
    let notifications: Notification[] = [];
    await waitFor(
      async () => {
        notifications = await statuses();
        return notifications.length === total && notifications.every((n) => n.status === 'sent');
      },
      'every notification to be recorded as sent',
      30_000,
    );
    expect(notifications).toHaveLength(total);
    expect(notifications.filter((n) => n.status !== 'sent')).toEqual([]);

    const duplicates = twilio.messages.length - total;
    console.info(
      `crash test: ${beforeRestart} SMS taken before SIGKILL, ${inFlightAtKill} in flight at the kill, ` +
        `${twilio.listCalls.length} checked with Twilio after the restart, ${duplicates} sent twice`,
    );
    expect(duplicates).toBeLessThanOrEqual(inFlightAtKill);
    expect(duplicates).toBe(0);
  }, 120_000);
});
