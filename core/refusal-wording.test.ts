import { describe, expect, it } from 'vitest';
import { plainRefusal } from './refusal-wording';

const zone = 'Asia/Kolkata';

describe('plainRefusal', () => {
  it('says field names as people do and leaves the rest of the sentence', () => {
    expect(
      plainRefusal('delayCode: a delay (etd later than std) needs an IATA delay code', zone),
    ).toBe(
      'Delay code: a delay (the estimated departure later than the scheduled departure) needs an IATA delay code',
    );
    expect(plainRefusal('status: cannot move from DEPARTED to GATE_CLOSED', zone)).toBe(
      'Status: cannot move from departed to gate closed',
    );
  });

  it('gives instants as local time at the airport', () => {
    expect(
      plainRefusal(
        'cannot undo: gate changed by agent2 at 2026-11-21T09:05:00.000Z since your change',
        zone,
      ),
    ).toBe('Cannot undo: gate changed by agent2 at 14:35 local since your change');
  });

  it('keeps a message without a field as it is', () => {
    expect(plainRefusal('the flight keeps changing; try the undo again', zone)).toBe(
      'the flight keeps changing; try the undo again',
    );
  });
});
