import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { delhiFlight } from '../../../test-support/flight-fixture';
import {
  putPendingEdit,
  resetPendingEditsStore,
  usePendingEditsStore,
  type PendingEditEntry,
} from '../stores/pendingEditsStore';
import { resetAllStores } from '../stores/resetStores';
import { queueFlightEdit } from './pendingEdits';
import {
  pendingEditsStorageKey,
  startPendingEditsPersistence,
  type OutboxStorage,
} from './pendingEditsPersistence';

/** Storage as a browser keeps it: strings by key. */
class MemoryStorage implements OutboxStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const HUB = 'http://hub.test';
const KEY = pendingEditsStorageKey(HUB, 'agent1');

function storedEdit(overrides: Partial<PendingEditEntry> = {}): PendingEditEntry {
  return {
    opId: '6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
    flightId: 'F1',
    flightNumber: '6E 2134',
    baseVersion: 1,
    changes: { gate: '14' },
    createdAt: Date.parse('2026-11-21T06:00:00.000Z'),
    state: 'queued',
    attempts: 0,
    message: null,
    current: null,
    conflicts: [],
    ...overrides,
  };
}

const outbox = () => usePendingEditsStore.getState().edits;

let storage: MemoryStorage;
let stop: (() => void) | null = null;

beforeEach(() => {
  // Not connected: nothing is sent, so the outbox only fills and empties by hand here.
  resetAllStores();
  storage = new MemoryStorage();
});
afterEach(() => stop?.());

describe('pending edits kept across sessions', () => {
  it('keeps every change of the outbox, and forgets it once empty', () => {
    stop = startPendingEditsPersistence(HUB, 'agent1', storage);
    void queueFlightEdit('F1', 1, { gate: '14' });
    const [queued] = outbox();
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([queued]);
    resetPendingEditsStore();
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('brings the edits back at the next sign-in of the same user on the same hub; one being sent goes again', () => {
    const sending = storedEdit({ state: 'sending', attempts: 1 });
    const refused = storedEdit({
      opId: '7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d',
      state: 'refused',
      message: 'Refused: gate: unknown',
    });
    storage.setItem(KEY, JSON.stringify([sending, refused]));
    storage.setItem(pendingEditsStorageKey(HUB, 'agent2'), JSON.stringify([storedEdit()]));

    stop = startPendingEditsPersistence(HUB, 'agent1', storage);
    expect(outbox()).toEqual([{ ...sending, state: 'queued' }, refused]);
  });

  it('drops damaged entries and keeps the intact ones', () => {
    const intact = storedEdit();
    storage.setItem(
      KEY,
      JSON.stringify([
        { ...storedEdit(), opId: 'not-a-uuid' },
        intact,
        { ...storedEdit(), changes: { gate: 42 } },
        { ...storedEdit(), current: { ...delhiFlight(), std: 'yesterday' } },
        'junk',
      ]),
    );
    stop = startPendingEditsPersistence(HUB, 'agent1', storage);
    expect(outbox()).toEqual([intact]);
  });

  it('starts empty from storage that is not JSON, or not a list', () => {
    storage.setItem(KEY, '[{"opId": ');
    stop = startPendingEditsPersistence(HUB, 'agent1', storage);
    expect(outbox()).toEqual([]);
    stop();
    storage.setItem(KEY, '{"edits": []}');
    stop = startPendingEditsPersistence(HUB, 'agent1', storage);
    expect(outbox()).toEqual([]);
  });

  it('keeps working in memory when storage refuses to write (full or disabled)', () => {
    stop = startPendingEditsPersistence(HUB, 'agent1', {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    });
    putPendingEdit(storedEdit());
    expect(outbox()).toHaveLength(1);
  });

  it('stops keeping once stopped (a sign-out empties the store, not the storage)', () => {
    stop = startPendingEditsPersistence(HUB, 'agent1', storage);
    putPendingEdit(storedEdit());
    stop();
    stop = null;
    resetPendingEditsStore();
    expect(JSON.parse(storage.getItem(KEY)!)).toHaveLength(1);
  });
});
