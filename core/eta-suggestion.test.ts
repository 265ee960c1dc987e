import { describe, expect, it } from 'vitest';
import { delhiArrival, delhiFlight } from '../test-support/flight-fixture';
import { etaSuggestion, minutesOffFlightEta } from './eta-suggestion';
import { ETA_SUGGESTION_THRESHOLD_MINUTES } from './positions';

// EY 492's ETA (and STA) is 18:35Z.
const estimateAt = (eta: string) => ({ distanceToGoKm: 180.4, eta });

describe('the ETA suggestion from position', () => {
  it('is offered at the threshold (10 minutes), not below it, either way', () => {
    expect(ETA_SUGGESTION_THRESHOLD_MINUTES).toBe(10);
    const flight = delhiArrival();
    expect(etaSuggestion(flight, estimateAt('2026-11-20T18:44:00.000Z'))).toBeNull();
    expect(etaSuggestion(flight, estimateAt('2026-11-20T18:45:00.000Z'))).toEqual({
      eta: '2026-11-20T18:45:00.000Z',
      minutesOff: 10,
    });
    expect(etaSuggestion(flight, estimateAt('2026-11-20T18:26:00.000Z'))).toBeNull();
    expect(etaSuggestion(flight, estimateAt('2026-11-20T18:25:00.000Z'))).toEqual({
      eta: '2026-11-20T18:25:00.000Z',
      minutesOff: -10,
    });
  });

  it('compares with the ETA, else the STA', () => {
    const late = delhiArrival({ eta: '2026-11-20T18:50:00.000Z' });
    // 18:53 is 18 minutes after the STA but only 3 after the ETA.
    expect(etaSuggestion(late, estimateAt('2026-11-20T18:53:00.000Z'))).toBeNull();
    const noEta = delhiArrival({ eta: null });
    expect(etaSuggestion(noEta, estimateAt('2026-11-20T18:53:00.000Z'))).toEqual({
      eta: '2026-11-20T18:53:00.000Z',
      minutesOff: 18,
    });
    expect(
      minutesOffFlightEta({ eta: undefined, sta: undefined }, estimateAt('2026-11-20T18:53:00Z')),
    ).toBeUndefined();
    expect(
      etaSuggestion(delhiArrival({ eta: null, sta: null }), estimateAt('2026-11-20T20:00:00Z')),
    ).toBeNull();
  });

  it('needs an estimate, and an arrival still on its way', () => {
    const far = estimateAt('2026-11-20T19:30:00.000Z');
    expect(etaSuggestion(delhiArrival(), null)).toBeNull();
    expect(etaSuggestion(delhiArrival(), undefined)).toBeNull();
    expect(etaSuggestion(delhiArrival({ status: 'SCHEDULED' }), far)).not.toBeNull();
    expect(etaSuggestion(delhiArrival({ status: 'LANDED' }), far)).toBeNull();
    expect(etaSuggestion(delhiArrival({ status: 'DIVERTED' }), far)).toBeNull();
    expect(etaSuggestion(delhiArrival({ ata: '2026-11-20T18:30:00.000Z' }), far)).toBeNull();
    expect(etaSuggestion(delhiFlight(), far)).toBeNull();
  });
});
