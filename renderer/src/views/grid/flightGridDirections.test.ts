import { describe, expect, it } from 'vitest';
import { FLIGHT_GRIDS } from './flightGridDirections';

describe('the two grids', () => {
  it('have the columns each kind of agent needs', () => {
    const colIds = (direction: 'departure' | 'arrival') =>
      FLIGHT_GRIDS[direction].columns('Asia/Kolkata').map((column) => column.colId);
    expect(colIds('arrival')).toEqual(
      expect.arrayContaining([
        'flightNumber',
        'origin',
        'sta',
        'eta',
        'ata',
        'status',
        'stand',
        'belt',
        'terminal',
        'registration',
        'aircraftType',
        'remark',
        'updated',
      ]),
    );
    expect(colIds('arrival')).not.toContain('gate');
    // Saved departures layouts name these columns: their ids stay.
    expect(colIds('departure')).toEqual(
      expect.arrayContaining(['std', 'etd', 'delay', 'gate', 'delayCode', 'destination']),
    );
  });

  it('open the edit field of the column Enter was pressed on', () => {
    const arrivals = FLIGHT_GRIDS.arrival.editFieldForColumn;
    expect(['sta', 'eta', 'ata', 'delay'].map(arrivals)).toEqual(['eta', 'eta', 'eta', 'eta']);
    expect(['belt', 'status', 'remark', 'stand', 'origin'].map(arrivals)).toEqual([
      'belt',
      'status',
      'remark',
      'stand',
      'stand',
    ]);
    const departures = FLIGHT_GRIDS.departure.editFieldForColumn;
    expect(['std', 'delayCode', 'destination', ''].map(departures)).toEqual([
      'etd',
      'delayCode',
      'gate',
      'gate',
    ]);
  });
});
