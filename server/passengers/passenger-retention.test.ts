import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, Flight, Passenger } from '../../core';
import { delhiFlight as flightFixture } from '../../test-support/flight-fixture';
import { FileSelfServiceStore, SELF_SERVICE_FILE } from './file-self-service-store';
import { MemoryPassengerDirectory } from './passenger-directory';
import { PassengerRetention } from './passenger-retention';
import { MemorySelfServiceStore } from './self-service-store';

const DAY = 86_400_000;
const asha: Passenger = { pnr: 'ASH001', name: 'Asha Verma', phone: '+919810000001' };
const rahul: Passenger = { pnr: 'RAH002', name: 'Rahul Iyer', email: 'rahul@example.com' };
const subscription = (id: string) => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/${id}`,
  keys: {
    p256dh:
      'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
    auth: 'BTBZMqHH6r4Tts7J_aSIgg',
  },
});

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

function archival(flight: Flight, at: Date): Change {
  return {
    seq: 1,
    flight,
    change: { opId: 'x', by: 'hub', at: at.toISOString(), fields: {}, kind: 'archived' },
  };
}

describe('passenger data retention', () => {
  it('deletes a flight’s manifest and its passengers’ settings the set number of days after archiving', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'jetbridge-retention-'));
    folders.push(folder);
    let now = new Date('2026-11-21T10:00:00Z');
    const live = new Map<string, Flight>([['f-2', flightFixture({ id: 'f-2' })]]);
    const directory = new MemoryPassengerDirectory({ 'f-1': [asha, rahul], 'f-2': [rahul] });
    const selfService = await FileSelfServiceStore.open(folder);
    await selfService.setPreferences(
      'ASH001/verma',
      { channels: { sms: false, email: false, push: true }, locale: 'hi' },
      now,
    );
    await selfService.addSubscription('ASH001/verma', subscription('asha'), now);
    await selfService.addSubscription('RAH002/iyer', subscription('rahul'), now);
    const retention = new PassengerRetention({
      directory,
      selfService,
      store: { flight: (id) => live.get(id) },
      days: 7,
      now: () => now,
    });

    await retention.observe(archival(flightFixture({ id: 'f-1' }), now));
    now = new Date(now.getTime() + 7 * DAY - 60_000);
    expect(await retention.prune()).toEqual({ flights: [], passengers: 0 });
    expect(directory.list('f-1')).toHaveLength(2);

    now = new Date(now.getTime() + 120_000);
    expect(await retention.prune()).toEqual({ flights: ['f-1'], passengers: 1 });
    expect(directory.list('f-1')).toHaveLength(0);
    // Rahul is still on f-2: his subscription stays. Asha's data is gone, from disk too.
    expect(selfService.preferences('ASH001/verma')).toBeUndefined();
    expect(selfService.subscriptionsOf('ASH001/verma')).toEqual([]);
    expect(selfService.subscriptionsOf('RAH002/iyer')).toHaveLength(1);
    const file = join(folder, SELF_SERVICE_FILE);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('ASH001');
    expect(text).not.toContain('send/asha');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await selfService.close();

    const reopened = await FileSelfServiceStore.open(folder);
    expect(reopened.subscriptionsOf('RAH002/iyer')).toHaveLength(1);
    expect(reopened.archivedFlights().size).toBe(0);
    await reopened.close();
  });

  it('counts a manifest whose flight left the live table unseen from when it is noticed', async () => {
    let now = new Date('2026-11-21T10:00:00Z');
    const directory = new MemoryPassengerDirectory({ 'f-gone': [asha] });
    const selfService = new MemorySelfServiceStore();
    const retention = new PassengerRetention({
      directory,
      selfService,
      store: { flight: () => undefined },
      days: 1,
      now: () => now,
    });
    expect((await retention.prune()).flights).toEqual([]);
    expect(selfService.archivedFlights().get('f-gone')).toBe(now.toISOString());
    now = new Date(now.getTime() + DAY);
    expect((await retention.prune()).flights).toEqual(['f-gone']);
  });
});
