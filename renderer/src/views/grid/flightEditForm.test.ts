import { describe, expect, it } from 'vitest';
import { delhiFlight } from '../../../../test-support/flight-fixture';
import {
  checkDraft,
  draftEtd,
  draftEtdWarning,
  draftFromFlight,
  needsDelayCode,
  type EditDraft,
} from './flightEditForm';

const ZONE = 'Asia/Kolkata';
/** 6E 2134, gate 12, scheduled 14:05 local (08:35Z), on time, no remark. */
const base = delhiFlight({ gate: '12', version: 4 });
const draft = (patch: Partial<EditDraft>): EditDraft => ({ ...draftFromFlight(base), ...patch });
const check = (patch: Partial<EditDraft>, flight = base) =>
  checkDraft(flight, { ...draftFromFlight(flight), ...patch }, ZONE, 'agent1');

describe('edit form', () => {
  it('starts from the flight as it is, with an empty time field', () => {
    expect(draftFromFlight(base)).toEqual({
      gate: '12',
      etdInput: '',
      delayCode: '',
      status: 'SCHEDULED',
      remark: '',
      stand: '',
      belt: '',
    });
  });

  it('sends nothing while nothing changed', () => {
    expect(check({})).toEqual({
      ok: false,
      empty: true,
      message: 'Nothing to send yet.',
      field: null,
    });
    // The same time typed again, and a remark of blanks where there was none, change nothing.
    expect(check({ etdInput: '+0', remark: '   ' })).toMatchObject({ ok: false, empty: true });
  });

  it('sends only what changed, as the hub expects it; the preview is the flight after it', () => {
    const result = check({ gate: ' 14b ', remark: 'Crew delayed' });
    expect(result).toMatchObject({
      ok: true,
      changes: { gate: '14B', remark: 'Crew delayed' },
      preview: { gate: '14B', remark: 'Crew delayed', version: 5, updatedBy: 'agent1' },
    });
    expect(check({ gate: '' })).toMatchObject({ ok: true, changes: { gate: null } });
  });

  it('reads a delay in minutes or a local time, and asks for a delay code with a delay', () => {
    expect(check({ etdInput: '+25' })).toEqual({
      ok: false,
      empty: false,
      message: 'delayCode: a delay (etd later than std) needs an IATA delay code',
      field: 'delayCode',
    });
    expect(check({ etdInput: '+25', delayCode: '93' })).toMatchObject({
      ok: true,
      changes: { etd: '2026-11-21T09:00:00.000Z', delayCode: '93' },
    });
    expect(check({ etdInput: '14:35', delayCode: '93' })).toMatchObject({
      ok: true,
      changes: { etd: '2026-11-21T09:05:00.000Z' },
    });
    // Earlier than scheduled needs no code.
    expect(check({ etdInput: '13:50' })).toMatchObject({
      ok: true,
      changes: { etd: '2026-11-21T08:20:00.000Z' },
    });
  });

  it('names the field the agent must fix', () => {
    expect(check({ etdInput: '25:10' })).toMatchObject({ ok: false, field: 'etd' });
    expect(check({ etdInput: 'soon' })).toMatchObject({
      ok: false,
      field: 'etd',
      message: expect.stringMatching(/^"soon" is not a time: type \+25/),
    });
    expect(check({ etdInput: '+5000', delayCode: '93' })).toMatchObject({
      ok: false,
      field: 'etd',
    });
    expect(check({ delayCode: 'ZZ' })).toMatchObject({ ok: false, field: 'delayCode' });
    expect(check({ gate: 'GATE-0042' })).toMatchObject({ ok: false, field: 'gate' });
    expect(check({ remark: 'x'.repeat(121) })).toMatchObject({ ok: false, field: 'remark' });
    // The status machine: a departed flight does not board again.
    expect(check({ status: 'BOARDING' }, delhiFlight({ status: 'DEPARTED' }))).toMatchObject({
      ok: false,
      field: 'status',
    });
  });

  it('counts +25 from the estimate of a late flight, and warns of an earlier time', () => {
    const late = delhiFlight({ etd: '2026-11-21T09:45:00.000Z', delayCode: '93' }); // 70 min late
    expect(check({ etdInput: '+25' }, late)).toMatchObject({
      ok: true,
      changes: { etd: '2026-11-21T10:10:00.000Z' },
    });
    expect(draftEtdWarning(late, { ...draftFromFlight(late), etdInput: '+25' }, ZONE)).toBeNull();
    expect(draftEtdWarning(late, { ...draftFromFlight(late), etdInput: 's+25' }, ZONE)).toMatch(
      /45 min earlier than the current estimate/,
    );
  });

  it('sends a cancellation with its reason, and a reinstatement only for a supervisor', () => {
    expect(check({ status: 'CANCELLED' })).toMatchObject({ ok: true });
    expect(
      checkDraft(base, draft({ status: 'CANCELLED' }), ZONE, 'agent1', { statusReason: 'crew' }),
    ).toMatchObject({ ok: true, changes: { status: 'CANCELLED', statusReason: 'crew' } });
    const cancelled = delhiFlight({ status: 'CANCELLED' });
    const reinstate = { ...draftFromFlight(cancelled), status: 'SCHEDULED' as const };
    expect(checkDraft(cancelled, reinstate, ZONE, 'agent1', { statusReason: 'ok' })).toMatchObject({
      ok: false,
      field: 'status',
    });
    expect(
      checkDraft(cancelled, reinstate, ZONE, 'sup', { statusReason: 'ok', mayCorrectStatus: true }),
    ).toMatchObject({ ok: true, changes: { status: 'SCHEDULED', statusReason: 'ok' } });
  });

  it('previews the new time and says when a delay code is needed', () => {
    expect(draftEtd(base, draft({}), ZONE)).toBeNull();
    expect(draftEtd(base, draft({ etdInput: 'soon' }), ZONE)).toBeNull();
    expect(draftEtd(base, draft({ etdInput: '+10' }), ZONE)).toBe('2026-11-21T08:45:00.000Z');
    expect(needsDelayCode(base, draft({ etdInput: '+10' }), ZONE)).toBe(true);
    expect(needsDelayCode(base, draft({ etdInput: '+10', delayCode: '93' }), ZONE)).toBe(false);
    expect(needsDelayCode(base, draft({ etdInput: '-10' }), ZONE)).toBe(false);
    // Already late, and the agent cleared the code.
    const late = delhiFlight({ etd: '2026-11-21T09:05:00.000Z', delayCode: '93' });
    expect(needsDelayCode(late, { ...draftFromFlight(late), delayCode: '' }, ZONE)).toBe(true);
  });
});
