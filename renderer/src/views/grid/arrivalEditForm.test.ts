import { describe, expect, it } from 'vitest';
import { delhiArrival, delhiFlight } from '../../../../test-support/flight-fixture';
import {
  EDIT_FIELDS,
  checkDraft,
  draftEtd,
  draftEtdWarning,
  draftFromFlight,
  needsDelayCode,
  scheduledOf,
  timeFieldOf,
  type EditDraft,
} from './flightEditForm';

const ZONE = 'Asia/Kolkata';
/** EY 492, airborne, STA 00:05 local (18:35Z the day before), stand 303, no belt. */
const arrival = delhiArrival();
const check = (patch: Partial<EditDraft>, flight = arrival) =>
  checkDraft(flight, { ...draftFromFlight(flight), ...patch }, ZONE, 'agent1');

describe('edit form of an arrival', () => {
  it('offers ETA, stand, belt, status and remark; a departure keeps its own fields', () => {
    expect(EDIT_FIELDS.arrival).toEqual(['eta', 'stand', 'belt', 'status', 'remark']);
    expect(EDIT_FIELDS.departure).toEqual(['gate', 'etd', 'delayCode', 'status', 'remark']);
    expect(timeFieldOf(arrival)).toBe('eta');
    expect(timeFieldOf(delhiFlight())).toBe('etd');
    expect(scheduledOf(arrival)).toBe(arrival.sta);
  });

  it('starts from the arrival as it is', () => {
    expect(draftFromFlight(arrival)).toMatchObject({ stand: '303', belt: '', etdInput: '' });
  });

  it('reads the new time against the STA and sends it as eta, with no delay code', () => {
    const late = check({ etdInput: '+20' });
    expect(late).toMatchObject({ ok: true, changes: { eta: '2026-11-20T18:55:00.000Z' } });
    // A local time after midnight is the day of the STA (00:05 local), not the day before.
    expect(check({ etdInput: '00:40' })).toMatchObject({
      ok: true,
      changes: { eta: '2026-11-20T19:10:00.000Z' },
    });
    expect(needsDelayCode(arrival, { ...draftFromFlight(arrival), etdInput: '+90' }, ZONE)).toBe(
      false,
    );
    expect(draftEtd(arrival, { ...draftFromFlight(arrival), etdInput: '+5' }, ZONE)).toBe(
      '2026-11-20T18:40:00.000Z',
    );
  });

  it('reads +N from the current ETA, s+N from the STA, and warns of an earlier ETA', () => {
    // 30 minutes late already: ETA 00:35 local.
    const late = delhiArrival({ eta: '2026-11-20T19:05:00.000Z' });
    const typed = (etdInput: string) => ({ ...draftFromFlight(late), etdInput });
    expect(check({ etdInput: '+10' }, late)).toMatchObject({
      ok: true,
      changes: { eta: '2026-11-20T19:15:00.000Z' },
    });
    expect(draftEtd(late, typed('s+10'), ZONE)).toBe('2026-11-20T18:45:00.000Z');
    expect(draftEtdWarning(late, typed('+10'), ZONE)).toBeNull();
    expect(draftEtdWarning(late, typed('s+10'), ZONE)).toBe(
      '00:15 is 20 min earlier than the current estimate 00:35: the boards will show the flight landing earlier',
    );
  });

  it('sends stand and belt in capitals, a cleared one as null, and never a gate', () => {
    expect(check({ stand: ' 305l ', belt: '7' })).toMatchObject({
      ok: true,
      changes: { stand: '305L', belt: '7' },
    });
    expect(check({ stand: '' })).toMatchObject({ ok: true, changes: { stand: null } });
    const gateTyped = check({ gate: 'A1', belt: '4' });
    expect(gateTyped.ok && gateTyped.changes).toEqual({ belt: '4' });
  });

  it('refuses what the arrival status machine refuses, naming the field', () => {
    expect(check({ status: 'DIVERTED' })).toMatchObject({ ok: true });
    expect(check({ status: 'BOARDING' })).toMatchObject({ ok: false, field: 'status' });
    const onBlock = delhiArrival({ status: 'ON_BLOCK', ata: '2026-11-20T18:40:00.000Z' });
    // On block it still takes a belt, not a new estimate.
    expect(check({ belt: '5' }, onBlock)).toMatchObject({ ok: true, changes: { belt: '5' } });
    expect(check({ etdInput: '+30' }, onBlock)).toMatchObject({ ok: false, field: 'eta' });
  });

  it('refuses an implausible time and an unreadable one at the time field', () => {
    expect(check({ etdInput: '+5000' })).toMatchObject({
      ok: false,
      field: 'eta',
      message: expect.stringMatching(/^eta: must be between/),
    });
    expect(check({ etdInput: 'soon' })).toMatchObject({ ok: false, field: 'eta' });
  });
});
