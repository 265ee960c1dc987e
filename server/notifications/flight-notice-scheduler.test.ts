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
