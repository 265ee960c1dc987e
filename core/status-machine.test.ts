import { describe, expect, it } from 'vitest';
import { allowedNextStatuses, canMoveStatus } from './status-machine';

describe('status machine', () => {
  it('moves forward along the departure sequence, also skipping steps', () => {
    expect(canMoveStatus('SCHEDULED', 'BOARDING')).toBe(true);
    expect(canMoveStatus('BOARDING', 'FINAL_CALL')).toBe(true);
    expect(canMoveStatus('FINAL_CALL', 'GATE_CLOSED')).toBe(true);
    expect(canMoveStatus('GATE_CLOSED', 'DEPARTED')).toBe(true);
    expect(canMoveStatus('BOARDING', 'GATE_CLOSED')).toBe(true);
  });

  it('never moves backwards or stays put', () => {
    expect(canMoveStatus('BOARDING', 'SCHEDULED')).toBe(false);
    expect(canMoveStatus('GATE_CLOSED', 'BOARDING')).toBe(false);
    expect(canMoveStatus('BOARDING', 'BOARDING')).toBe(false);
  });

  it('reaches CANCELLED from any status before DEPARTED, and nothing leaves a final status', () => {
    for (const from of ['SCHEDULED', 'BOARDING', 'FINAL_CALL', 'GATE_CLOSED'] as const) {
      expect(canMoveStatus(from, 'CANCELLED')).toBe(true);
    }
    expect(canMoveStatus('DEPARTED', 'CANCELLED')).toBe(false);
    expect(allowedNextStatuses('DEPARTED')).toEqual([]);
    expect(allowedNextStatuses('CANCELLED')).toEqual([]);
  });

  it('lists the allowed next statuses in display order', () => {
    expect(allowedNextStatuses('BOARDING')).toEqual([
      'FINAL_CALL',
      'GATE_CLOSED',
      'DEPARTED',
      'CANCELLED',
    ]);
  });
});
