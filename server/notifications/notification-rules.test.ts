import { describe, expect, it } from 'vitest';
import type { Flight } from '../../core';
import {
  baselineToldState,
  decidePassengerNotice,
  openOrExtendWindow,
  type ToldState,
} from './notification-rules';

const rules = { delayThresholdMinutes: 15 };
const std = '2026-11-21T08:35:00.000Z';
const told: ToldState = { gate: '12', etd: std, status: null };
const flight = (changes: Partial<Flight> = {}) => ({
  gate: '12',
  etd: std,
  status: 'SCHEDULED' as const,
  ...changes,
});
const minutesAfterStd = (minutes: number) =>
  new Date(Date.parse(std) + minutes * 60_000).toISOString();

describe('decidePassengerNotice', () => {
  it('tells nothing when the flight is as the passenger was told', () => {
    expect(decidePassengerNotice(flight(), told, rules)).toBeNull();
  });

  it('tells a gate change', () => {
    expect(decidePassengerNotice(flight({ gate: '14' }), told, rules)).toMatchObject({
      kind: 'GATE_CHANGE',
      gate: '14',
      gateChanged: true,
      timeMove: null,
      told: { gate: '14', etd: std, status: null },
    });
  });

  it('tells a delay only from the threshold on, measured from what was last told', () => {
    expect(decidePassengerNotice(flight({ etd: minutesAfterStd(14) }), told, rules)).toBeNull();
    expect(decidePassengerNotice(flight({ etd: minutesAfterStd(15) }), told, rules)).toMatchObject({
      kind: 'DELAY',
      timeMove: 'later',
      etd: minutesAfterStd(15),
    });
    // Told about +20 already: +30 is only 10 more.
    const toldLate = { ...told, etd: minutesAfterStd(20) };
    expect(decidePassengerNotice(flight({ etd: minutesAfterStd(30) }), toldLate, rules)).toBeNull();
    expect(decidePassengerNotice(flight({ etd: minutesAfterStd(35) }), toldLate, rules)?.kind).toBe(
      'DELAY',
    );
  });

  it('tells an earlier departure as TIME_CHANGE', () => {
    const toldLate = { ...told, etd: minutesAfterStd(40) };
    expect(
      decidePassengerNotice(flight({ etd: minutesAfterStd(10) }), toldLate, rules),
    ).toMatchObject({
      kind: 'TIME_CHANGE',
      timeMove: 'earlier',
    });
  });

  it('tells the start of boarding once, with a gate change in the same message', () => {
    expect(decidePassengerNotice(flight({ status: 'BOARDING' }), told, rules)?.kind).toBe(
      'BOARDING',
    );
    const both = decidePassengerNotice(flight({ status: 'BOARDING', gate: '3' }), told, rules);
    expect(both).toMatchObject({ kind: 'BOARDING', gateChanged: true, gate: '3' });
    const toldBoarding = { ...told, status: 'BOARDING' as const };
    expect(decidePassengerNotice(flight({ status: 'FINAL_CALL' }), toldBoarding, rules)).toBeNull();
  });

  it('tells a cancellation, absorbing a gate change, and nothing after it', () => {
    expect(
      decidePassengerNotice(flight({ status: 'CANCELLED', gate: '9' }), told, rules),
    ).toMatchObject({
      kind: 'CANCELLED',
      gateChanged: true,
    });
    const toldCancelled = { ...told, status: 'CANCELLED' as const };
    expect(decidePassengerNotice(flight({ status: 'CANCELLED' }), toldCancelled, rules)).toBeNull();
  });

  it('tells nothing about a departed flight', () => {
    expect(
      decidePassengerNotice(
        flight({ status: 'DEPARTED', gate: '40', etd: minutesAfterStd(60) }),
        told,
        rules,
      ),
    ).toBeNull();
  });

  it('does not announce a gate being removed', () => {
    expect(decidePassengerNotice(flight({ gate: null }), told, rules)).toBeNull();
  });
});

describe('coalescing window', () => {
  const before = { id: 'F1', ...flight() };
  const at = (ms: number) => new Date(Date.parse('2026-11-21T06:00:00.000Z') + ms);

  it('opens at the first change with the flight as it was, and slides with later ones', () => {
    const first = openOrExtendWindow(undefined, before, at(0), { coalesceMs: 30_000 });
    expect(first).toEqual({
      flightId: 'F1',
      before: baselineToldState(before),
      firstChangeAt: at(0).toISOString(),
      lastChangeAt: at(0).toISOString(),
      dueAt: at(30_000).toISOString(),
    });
    const changedBefore = { ...before, gate: '99' };
    const second = openOrExtendWindow(first, changedBefore, at(10_000), { coalesceMs: 30_000 });
    expect(second.dueAt).toBe(at(40_000).toISOString());
    expect(second.before.gate).toBe('12'); // the state before the window, not before this change
    // It stays plain data: a stored window resumes as it was.
    expect(JSON.parse(JSON.stringify(second))).toEqual(second);
  });

  it('never stays open longer than the max wait after the first change', () => {
    let pending = openOrExtendWindow(undefined, before, at(0), {
      coalesceMs: 30_000,
      maxWaitMs: 60_000,
    });
    for (const ms of [20_000, 40_000, 55_000]) {
      pending = openOrExtendWindow(pending, before, at(ms), {
        coalesceMs: 30_000,
        maxWaitMs: 60_000,
      });
    }
    expect(pending.dueAt).toBe(at(60_000).toISOString());
  });
});

describe('reinstated flights (issue 10)', () => {
  it('tells passengers told of a cancellation that the flight operates after all', () => {
    const rules = { delayThresholdMinutes: 15 };
    const told = { gate: '12', etd: '2026-11-21T14:05:00.000Z', status: 'CANCELLED' as const };
    const flight = { gate: '14', etd: '2026-11-21T14:05:00.000Z', status: 'SCHEDULED' as const };
    expect(decidePassengerNotice(flight, told, rules)).toEqual({
      kind: 'REINSTATED',
      gateChanged: true,
      timeMove: null,
      gate: '14',
      etd: flight.etd,
      told: { gate: '14', etd: flight.etd, status: null },
    });
  });
});
