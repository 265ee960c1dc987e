import { describe, expect, it } from 'vitest';
import {
  applyFlightChange,
  type FieldChanges,
  type Flight,
  type FlightChanges,
  type Passenger,
} from '../../core';
import { FlightNoticeScheduler } from './flight-notice-scheduler';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import type { NotificationRecord } from './notification-record';
import { ManualClock } from '../../test-support/manual-clock';
import { waitFor } from '../../test-support/wait-for';
import { delhiFlight } from '../../test-support/flight-fixture';
import type { Slicer } from '../store/line-checksum';

function setup() {
  const clock = new ManualClock();
  const outbox = new MemoryNotificationOutbox();
  let flight: Flight = delhiFlight();
  const passengers: Passenger[] = [
    {
      pnr: 'ABC123',
      name: 'Asha Rao',
      phone: '+919876543210',
      email: 'asha@example.com',
      locale: 'hi-IN',
    },
    { pnr: 'XYZ789', name: 'John Smith', phone: '+447700900123' },
  ];
  const queued: NotificationRecord[][] = [];
  const scheduler = new FlightNoticeScheduler({
    store: outbox,
    rules: { coalesceMs: 30_000, delayThresholdMinutes: 15 },
    getFlight: () => flight,
    getPassengers: () => passengers,
    onQueued: (records) => queued.push([...records]),
    clock,
  });
  scheduler.start();
  let seq = 0;
  /** What the hub does after storing a change. */
  const change = async (changes: FlightChanges) => {
    const result = applyFlightChange(flight, changes, {
      by: 'agent1',
      at: new Date(clock.now()).toISOString(),
    });
    if (!result.ok) throw new Error(result.message);
    const before = flight;
    flight = result.flight;
    seq += 1;
    await scheduler.absorb(before, result.fields as FieldChanges, new Date(clock.now()), seq);
  };
  return { clock, outbox, scheduler, change, queued };
}

describe('FlightNoticeScheduler', () => {
  it('merges quick changes into one message per passenger and channel, with the final state', async () => {
    const { clock, outbox, change, queued } = setup();
    await change({ gate: '14' });
    clock.advance(5_000);
    await change({ etd: '2026-11-21T09:05:00.000Z', delayCode: '93' });
    clock.advance(5_000);
    await change({ gate: '15' });
    clock.advance(29_000);
    expect(queued).toHaveLength(0); // the window slid with each change
    clock.advance(1_000);
    await waitFor(() => queued.length === 1, 'the window to close');

    const records = outbox.listByFlight('F1');
    expect(records.map((r) => `${r.pnr}/${r.channel}/${r.kind}`)).toEqual([
      'ABC123/sms/GATE_CHANGE',
      'ABC123/email/GATE_CHANGE',
      'XYZ789/sms/GATE_CHANGE',
    ]);
    const english = records.find((r) => r.pnr === 'XYZ789')!;
    expect(english.body).toBe(
      '6E 2134 to Mumbai (BOM): gate changed to 15, departure delayed to 14:35.',
    );
    expect(english.status).toBe('queued');
    expect(records[0]!.body).toContain('गेट बदलकर 15');
    expect(outbox.getPendingWindow('F1')).toBeUndefined();
    expect(outbox.getToldState('F1', 'ABC123')).toEqual({
      gate: '15',
      etd: '2026-11-21T09:05:00.000Z',
      status: null,
    });
  });

  it('sends nothing for a change and its reversal', async () => {
    const { clock, outbox, change, queued, scheduler } = setup();
    await change({ gate: '14' });
    clock.advance(3_000);
    await change({ gate: '12' });
    clock.advance(60_000);
    await scheduler.closeWindow('F1'); // let the timer's close finish
    expect(queued).toHaveLength(0);
    expect(outbox.listByFlight('F1')).toEqual([]);
    expect(outbox.getPendingWindow('F1')).toBeUndefined();
  });

  it('measures the next change from what passengers were last told', async () => {
    const { clock, outbox, change, queued } = setup();
    await change({ gate: '14' });
    clock.advance(30_000);
    await waitFor(() => queued.length === 1, 'the first window to close');
    await change({ gate: '12' }); // back to the original gate: news to them now
    clock.advance(30_000);
    await waitFor(() => queued.length === 2, 'the second window to close');
    expect(
      outbox
        .listByFlight('F1')
        .filter((r) => r.pnr === 'XYZ789')
        .map((r) => r.body),
    ).toEqual([
      '6E 2134 to Mumbai (BOM): gate changed to 14. Departure 14:05.',
      '6E 2134 to Mumbai (BOM): gate changed to 12. Departure 14:05.',
    ]);
  });

  it('ignores remark-only changes and resumes stored windows after a restart', async () => {
    const { clock, outbox, change, queued, scheduler } = setup();
    await change({ remark: 'VIP on board' });
    expect(outbox.listPendingWindows()).toEqual([]);
    await change({ status: 'BOARDING' });
    scheduler.stop(); // the hub goes down with a window open
    clock.advance(60_000);
    expect(queued).toHaveLength(0);
    scheduler.start(); // overdue: closes at once
    clock.advance(0);
    await waitFor(() => queued.length === 1, 'the resumed window to close');
    expect(outbox.listByFlight('F1').every((r) => r.kind === 'BOARDING')).toBe(true);
  });
});

/** A slicer whose budget is always spent: the close yields before every passenger. */
function everyPassenger(): Slicer {
  return { due: true, yield: () => new Promise((resolve) => setImmediate(resolve)) };
}

/**
 * `flights` flights of `each` passengers (phone and e-mail), every window cut into one passenger
 * per turn; `turn` counts turns of the event loop (a setImmediate ticker) while `ticking`.
 */
function burst(flightCount: number, each: number) {
  const clock = new ManualClock();
  const outbox = new MemoryNotificationOutbox();
  const flights = new Map(
    Array.from({ length: flightCount }, (_, i) => [`F${i}`, delhiFlight({ id: `F${i}` })]),
  );
  const passengers = (flightId: string): Passenger[] =>
    Array.from({ length: each }, (_, p) => ({
      pnr: `${flightId}P${p}`,
      name: `Passenger ${p}`,
      phone: `+9198765${String(p).padStart(5, '0')}`,
      email: `p${p}@example.in`,
    }));
  const queued: NotificationRecord[][] = [];
  /** Per record built: the turn it was built in and its flight (newId is called per record). */
  const built: { turn: number }[] = [];
  const clockTurns = { turn: 0, ticking: false };
  /** Runs once, in the turn after the first record is built: while the close is rendering. */
  let whileRendering: (() => void) | null = null;
  let ids = 0;
  const scheduler = new FlightNoticeScheduler({
    store: outbox,
    rules: { coalesceMs: 30_000, delayThresholdMinutes: 15 },
    getFlight: (flightId) => flights.get(flightId),
    getPassengers: passengers,
    onQueued: (records) => queued.push([...records]),
    clock,
    newId: () => {
      const hook = whileRendering;
      whileRendering = null;
      if (hook) setImmediate(hook);
      built.push({ turn: clockTurns.turn });
      return `n${(ids += 1)}`;
    },
    newSlicer: everyPassenger,
  });
  scheduler.start();
  let seq = 0;
  const change = async (flightId: string, changes: FlightChanges) => {
    const before = flights.get(flightId)!;
    const result = applyFlightChange(before, changes, {
      by: 'agent1',
      at: new Date(clock.now()).toISOString(),
    });
    if (!result.ok) throw new Error(result.message);
    flights.set(flightId, result.flight);
    seq += 1;
    await scheduler.absorb(before, result.fields as FieldChanges, new Date(clock.now()), seq);
  };
  const startTicking = () => {
    clockTurns.ticking = true;
    const tick = () => {
      clockTurns.turn += 1;
      if (clockTurns.ticking) setImmediate(tick);
    };
    setImmediate(tick);
  };
  /** Resolves after `work` ran while a close was rendering (and what it returned settled). */
  const duringClose = (work: () => unknown) =>
    new Promise<void>((resolve, reject) => {
      whileRendering = () => {
        Promise.resolve(work()).then(() => resolve(), reject);
      };
    });
  return { clock, outbox, scheduler, change, queued, built, clockTurns, startTicking, duringClose };
}

describe('FlightNoticeScheduler during an irregular-operations burst', () => {
  it('closes windows due together one at a time, a passenger per turn, so other work runs between', async () => {
    const { clock, change, queued, built, clockTurns, startTicking } = burst(3, 20);
    for (const flightId of ['F0', 'F1', 'F2']) {
      await change(flightId, { etd: '2026-11-21T09:35:00.000Z', delayCode: '93' });
    }
    startTicking();
    // An agent's edit arriving as the closes begin (a callback of the next turn) must not wait
    // for them: when it runs, no window has been stored yet.
    let storedWhenEditRan = -1;
    setImmediate(() => setImmediate(() => (storedWhenEditRan = queued.length)));
    clock.advance(30_000); // all three windows fall due together
    await waitFor(() => queued.length === 3, 'the three windows to close');
    clockTurns.ticking = false;

    expect(storedWhenEditRan).toBe(0);
    expect(queued.map((records) => records.length)).toEqual([40, 40, 40]);
    // At most one passenger's records (SMS and e-mail) were built in any one turn...
    const perTurn = new Map<number, number>();
    for (const { turn } of built) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
    expect(Math.max(...perTurn.values())).toBe(2);
    // ...and the windows one after the other: each window's turns come after the last one's.
    const turnsOf = (records: NotificationRecord[]) =>
      records.map((record) => built[Number(record.id.slice(1)) - 1]!.turn);
    for (let i = 1; i < 3; i++) {
      expect(Math.min(...turnsOf(queued[i]!))).toBeGreaterThan(
        Math.max(...turnsOf(queued[i - 1]!)),
      );
    }
  });

  it('stores nothing rendered before a change that slid the window; the slid window closes later', async () => {
    const { clock, outbox, scheduler, change, queued, built, duringClose } = burst(1, 20);
    await change('F0', { gate: '14' });
    // The gate changes again while the close renders (between two passengers).
    const changedMeanwhile = duringClose(() => change('F0', { gate: '15' }));
    clock.advance(30_000);
    await changedMeanwhile;
    // Queued behind the close under way, and not due: once it resolves, that close is settled.
    await scheduler.closeWindow('F0', true);
    expect(built.length).toBeGreaterThan(0);
    expect(queued).toHaveLength(0);
    expect(outbox.listByFlight('F0')).toEqual([]);
    expect(outbox.getPendingWindow('F0')).toBeDefined();

    clock.advance(30_000);
    await waitFor(() => queued.length === 1, 'the slid window to close');
    const sms = outbox.listByFlight('F0').filter((record) => record.channel === 'sms');
    expect(sms).toHaveLength(20);
    expect(sms.every((record) => record.body.includes('gate changed to 15'))).toBe(true);
    expect(outbox.getToldState('F0', 'F0P0')?.gate).toBe('15');
  });

  it('closes a window past its longest wait even when a change comes during the close', async () => {
    const { clock, outbox, change, queued, duringClose } = burst(1, 20);
    await change('F0', { gate: '14' }); // opens at 06:00, may wait 4 × 30 s at most
    for (let i = 0; i < 4; i++) {
      clock.advance(29_000);
      await change('F0', { gate: String(20 + i) });
    }
    expect(queued).toHaveLength(0);
    // 120 s after the first change it is due however it slides: closed again at once, whole.
    const changedMeanwhile = duringClose(() => change('F0', { gate: '30' }));
    clock.advance(4_000);
    await changedMeanwhile;
    await waitFor(() => queued.length === 1, 'the window to close');
    const sms = outbox.listByFlight('F0').filter((record) => record.channel === 'sms');
    expect(sms).toHaveLength(20);
    expect(sms.every((record) => record.body.includes('gate changed to 30'))).toBe(true);
  });

  it('stores nothing when the hub stops during a close, nor closes the windows queued behind it', async () => {
    const { clock, outbox, scheduler, change, queued, built, duringClose } = burst(2, 20);
    await change('F0', { gate: '14' });
    await change('F1', { gate: '14' });
    const stopped = duringClose(() => scheduler.stop());
    clock.advance(30_000); // both fall due; F0's close begins, F1's waits behind it
    await stopped;
    // More turns than both closes had passengers: the stopped one ended at its next slice.
    for (let turn = 0; turn < 80; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(built.length).toBeGreaterThan(0);
    expect(built.length).toBeLessThan(40); // stopped half-way through F0's 20 passengers
    expect(queued).toHaveLength(0);
    expect(outbox.getPendingWindow('F0')).toBeDefined();
    expect(outbox.getPendingWindow('F1')).toBeDefined();

    scheduler.start(); // overdue: both close at once
    clock.advance(0);
    await waitFor(() => queued.length === 2, 'both windows to close after the start');
    for (const flightId of ['F0', 'F1']) {
      const sms = outbox.listByFlight(flightId).filter((record) => record.channel === 'sms');
      expect(sms).toHaveLength(20);
    }
  });
});
