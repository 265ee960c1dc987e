import { describe, expect, it } from 'vitest';
import type { FlightStatus } from '../../../core';
import { toGoTo } from './goToFlight';

interface Row {
  id: string;
  data?: { status: FlightStatus };
}
const row = (id: string, status: FlightStatus): Row => ({ id, data: { status } });
const rowToGoTo = (rows: Row[]) => toGoTo(rows, (candidate) => candidate.data?.status);

describe('go to flight', () => {
  it('opens the first flight of the rows that has not already moved here', () => {
    const rows = [
      row('today', 'DEPARTED'),
      row('tomorrow', 'SCHEDULED'),
      row('after', 'SCHEDULED'),
    ];
    expect(rowToGoTo(rows)?.id).toBe('tomorrow');
    expect(rowToGoTo([row('in', 'ON_BLOCK'), row('next', 'AIRBORNE')])?.id).toBe('next');
    expect(rowToGoTo([row('elsewhere', 'DIVERTED'), row('next', 'SCHEDULED')])?.id).toBe('next');
    // A cancelled flight is still to be handled: it is opened.
    expect(rowToGoTo([row('cancelled', 'CANCELLED'), row('tomorrow', 'SCHEDULED')])?.id).toBe(
      'cancelled',
    );
    expect(rowToGoTo([row('boarding', 'BOARDING'), row('later', 'SCHEDULED')])?.id).toBe(
      'boarding',
    );
  });

  it('opens the first row when every flight has moved, and nothing when there is none', () => {
    expect(rowToGoTo([row('left', 'DEPARTED'), row('diverted', 'DIVERTED')])?.id).toBe('left');
    expect(rowToGoTo([{ id: 'group' }, row('left', 'DEPARTED')])?.id).toBe('left');
    expect(rowToGoTo([])).toBeUndefined();
  });
});
