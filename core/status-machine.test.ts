import { describe, expect, it } from 'vitest';
import {
  allowedNextStatuses,
  canCorrectStatus,
  canMoveStatus,
  correctionStatuses,
} from './status-machine';

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

describe('arrival status machine', () => {
  it('moves SCHEDULED → AIRBORNE → LANDED → ON_BLOCK, also skipping steps', () => {
    expect(canMoveStatus('SCHEDULED', 'AIRBORNE', 'arrival')).toBe(true);
    expect(canMoveStatus('AIRBORNE', 'LANDED', 'arrival')).toBe(true);
    expect(canMoveStatus('LANDED', 'ON_BLOCK', 'arrival')).toBe(true);
    expect(canMoveStatus('SCHEDULED', 'LANDED', 'arrival')).toBe(true);
    expect(canMoveStatus('LANDED', 'AIRBORNE', 'arrival')).toBe(false);
  });

  it('diverts only from AIRBORNE and cancels only before LANDED', () => {
    expect(canMoveStatus('AIRBORNE', 'DIVERTED', 'arrival')).toBe(true);
    expect(canMoveStatus('SCHEDULED', 'DIVERTED', 'arrival')).toBe(false);
    expect(canMoveStatus('LANDED', 'DIVERTED', 'arrival')).toBe(false);
    expect(canMoveStatus('SCHEDULED', 'CANCELLED', 'arrival')).toBe(true);
    expect(canMoveStatus('AIRBORNE', 'CANCELLED', 'arrival')).toBe(true);
    expect(canMoveStatus('LANDED', 'CANCELLED', 'arrival')).toBe(false);
  });

  it('never leaves ON_BLOCK, DIVERTED or CANCELLED, and takes no departure status', () => {
    for (const from of ['ON_BLOCK', 'DIVERTED', 'CANCELLED'] as const) {
      expect(allowedNextStatuses(from, 'arrival')).toEqual([]);
    }
    expect(canMoveStatus('SCHEDULED', 'BOARDING', 'arrival')).toBe(false);
    expect(canMoveStatus('SCHEDULED', 'AIRBORNE', 'departure')).toBe(false);
    expect(allowedNextStatuses('AIRBORNE', 'arrival')).toEqual([
      'LANDED',
      'ON_BLOCK',
      'DIVERTED',
      'CANCELLED',
    ]);
  });
});

describe('canCorrectStatus', () => {
  it('reinstates a cancelled flight to a status before departure', () => {
    expect(correctionStatuses('CANCELLED')).toEqual([
      'SCHEDULED',
      'BOARDING',
      'FINAL_CALL',
      'GATE_CLOSED',
    ]);
    expect(correctionStatuses('DEPARTED')).toEqual([
      'SCHEDULED',
      'BOARDING',
      'FINAL_CALL',
      'GATE_CLOSED',
    ]);
    expect(correctionStatuses('CANCELLED', 'arrival')).toEqual(['SCHEDULED', 'AIRBORNE']);
    expect(canCorrectStatus('BOARDING', 'SCHEDULED')).toBe(false);
    expect(canCorrectStatus('ON_BLOCK', 'LANDED', 'arrival')).toBe(false);
  });
});
