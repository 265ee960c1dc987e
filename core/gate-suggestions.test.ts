import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Flight } from './flight';
import { GateConflictIndex } from './gate-conflict-index';
import { suggestGates } from './gate-suggestions';
import type { GateEntry } from './gates';

const zone = 'Asia/Kolkata';
const at = (local: string) => DateTime.fromISO(`2026-11-21T${local}`, { zone }).toUTC().toISO()!;

const gates: GateEntry[] = [
  { gate: '1', terminal: 'T1', contact: true, maxCodeLetter: 'C' },
  { gate: '2', terminal: 'T1', contact: true, maxCodeLetter: 'C' },
  { gate: '3', terminal: 'T1', contact: true, maxCodeLetter: 'E' },
  { gate: '1A', terminal: 'T1', contact: false, maxCodeLetter: 'E' },
  { gate: '11', terminal: 'T3', contact: true, maxCodeLetter: 'E' },
  { gate: '12', terminal: 'T3', contact: true, maxCodeLetter: 'C' },
  { gate: '14', terminal: 'T3', contact: true, maxCodeLetter: 'F' },
  { gate: '7A', terminal: 'T3', contact: false, maxCodeLetter: 'E' },
];

function departure(id: string, gate: string | null, etd: string, extra: Partial<Flight> = {}) {
  return {
    id,
    flightNumber: id,
    gate,
    terminal: 'T1',
    aircraftType: '320',
    status: 'SCHEDULED' as Flight['status'],
    std: at(etd),
    etd: at(etd),
    ...extra,
  };
}

const names = (list: GateEntry[]) => list.map((gate) => `${gate.terminal}/${gate.gate}`);

describe('suggestGates', () => {
  it('offers free gates of the same terminal first, contact before bus, best fit first', () => {
    const index = new GateConflictIndex({ timeZone: zone, gates });
    const flight = departure('6E 1', '1', '10:00');
    index.upsert(flight);
    index.upsert(departure('6E 2', '1', '10:20'));
    expect(names(suggestGates(flight, index, 10))).toEqual([
      'T1/2',
      'T1/3',
      'T1/1A',
      'T3/12',
      'T3/11',
      'T3/14',
      'T3/7A',
    ]);
    expect(names(suggestGates(flight, index))).toHaveLength(5);
    expect(names(suggestGates(flight, index, 1))).toEqual(['T1/2']);
  });

  it('leaves out gates held too close to the flight, and gates too small', () => {
    const index = new GateConflictIndex({ timeZone: zone, gates });
    index.upsert(departure('6E 2', '2', '09:05')); // frees gate 2 at 09:05, 10 min before 09:15
    index.upsert(departure('6E 3', '3', '11:00')); // boards at 10:15: exactly the buffer after
    const wide = departure('AI 1', '12', '10:00', { terminal: 'T3', aircraftType: '77W' });
    expect(names(suggestGates(wide, index, 10))).toEqual(['T3/11', 'T3/14', 'T1/3']);
    const narrow = departure('6E 1', null, '10:00');
    expect(names(suggestGates(narrow, index, 3))).toEqual(['T1/1', 'T1/3', 'T1/1A']);
  });

  it('prefers the gate with more free time around the hold', () => {
    const index = new GateConflictIndex({ timeZone: zone, gates: gates.slice(0, 2) });
    index.upsert(departure('6E 2', '1', '09:00')); // 15 min before the hold at 09:15
    index.upsert(departure('6E 3', '2', '08:00'));
    expect(names(suggestGates(departure('6E 1', null, '10:00'), index))).toEqual(['T1/2', 'T1/1']);
  });

  it('lets the departure take the gate its own aircraft arrives at', () => {
    const index = new GateConflictIndex({ timeZone: zone, gates: gates.slice(0, 1) });
    index.upsert({
      ...departure('AI 5', '1', '00:00', { registration: 'VT-ABC' }),
      direction: 'arrival' as const,
      sta: at('09:00'),
      eta: at('09:00'),
    });
    const outbound = departure('AI 6', null, '09:50', { registration: 'VT-ABC' });
    expect(names(suggestGates(outbound, index))).toEqual(['T1/1']);
    expect(suggestGates({ ...outbound, registration: 'VT-XYZ' }, index)).toEqual([]);
  });

  it('offers nothing to a cancelled flight, and any size for an unknown type', () => {
    const index = new GateConflictIndex({ timeZone: zone, gates });
    expect(suggestGates(departure('6E 1', '1', '10:00', { status: 'CANCELLED' }), index)).toEqual(
      [],
    );
    const unknown = departure('XX 1', null, '10:00', { terminal: 'T3', aircraftType: 'ZZZ' });
    expect(names(suggestGates(unknown, index, 10)).slice(0, 3)).toEqual([
      'T3/11',
      'T3/12',
      'T3/14',
    ]);
  });
});
