import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Flight } from './flight';
import { GateConflictIndex } from './gate-conflict-index';
import { GATE_CONFLICT_RULES, type ConflictFlight, type GateConflict } from './gate-conflicts';
import type { GateEntry } from './gates';

const zone = 'Asia/Kolkata';
/** An instant of 2026-11-21 (or the given day) in Delhi, as the hub stores it. */
function at(local: string, day = '2026-11-21'): string {
  return DateTime.fromISO(`${day}T${local}`, { zone }).toUTC().toISO()!;
}

const gates: GateEntry[] = [
  { gate: '1', terminal: 'T1', contact: true, maxCodeLetter: 'C' },
  { gate: '2', terminal: 'T1', contact: true, maxCodeLetter: 'C' },
  { gate: '11', terminal: 'T1', contact: true, maxCodeLetter: 'C' },
  { gate: '1A', terminal: 'T1', contact: false, maxCodeLetter: 'C' },
  { gate: '11', terminal: 'T3', contact: true, maxCodeLetter: 'E' },
  { gate: '12', terminal: 'T3', contact: true, maxCodeLetter: 'C' },
  { gate: '14', terminal: 'T3', contact: true, maxCodeLetter: 'F' },
  { gate: '7A', terminal: 'T3', contact: false, maxCodeLetter: 'E' },
];

function departure(
  id: string,
  gate: string | null,
  etdLocal: string,
  extra: Partial<Flight> = {},
): Flight {
  return {
    id,
    flightNumber: id,
    airline: '6E',
    origin: 'DEL',
    destination: 'BOM',
    std: at(etdLocal),
    etd: at(etdLocal),
    gate,
    terminal: 'T1',
    aircraftType: '320',
    status: 'SCHEDULED',
    delayCode: null,
    remark: null,
    version: 1,
    updatedAt: at('00:00'),
    updatedBy: null,
    ...extra,
  };
}

function arrival(id: string, gate: string, etaLocal: string, extra: Partial<Flight> = {}): Flight {
  return departure(id, gate, '00:00', {
    direction: 'arrival',
    origin: 'BOM',
    destination: 'DEL',
    sta: at(etaLocal),
    eta: at(etaLocal),
    ...extra,
  });
}

function indexOf(flights: ConflictFlight[], options: { bufferMinutes?: number } = {}) {
  const index = new GateConflictIndex({ timeZone: zone, gates, ...options });
  for (const flight of flights) index.upsert(flight);
  return index;
}

const rules = (list: GateConflict[]) => list.map((c) => `${c.rule} ${c.flightIds.join('+')}`);

describe('GATE_OVERLAP', () => {
  it('reports two holds of one gate that overlap, with the overlapping span', () => {
    const index = indexOf([departure('6E 1', '1', '10:00'), departure('6E 2', '1', '10:30')]);
    expect(index.conflicts()).toEqual([
      {
        id: 'GATE_OVERLAP|T1/1|6E 1|6E 2',
        rule: 'GATE_OVERLAP',
        gate: '1',
        flightIds: ['6E 1', '6E 2'],
        from: at('09:45'),
        to: at('10:00'),
        message:
          '6E 1 (09:15–10:00) and 6E 2 (09:45–10:30) both hold gate 1 (T1) from 09:45 to 10:00',
      },
    ]);
  });

  it('accepts holds exactly the buffer apart, and reports one minute less as the gap', () => {
    const first = departure('6E 1', '1', '10:00');
    expect(indexOf([first, departure('6E 2', '1', '11:00')]).conflicts()).toEqual([]);
    expect(indexOf([first, departure('6E 2', '1', '10:59')]).conflicts()).toEqual([
      {
        id: 'GATE_OVERLAP|T1/1|6E 1|6E 2',
        rule: 'GATE_OVERLAP',
        gate: '1',
        flightIds: ['6E 1', '6E 2'],
        from: at('10:00'),
        to: at('10:14'),
        message:
          '6E 2 takes gate 1 (T1) at 10:14, 14 min after 6E 1 frees it at 10:00; ' +
          'the gate needs 15 min between flights',
      },
    ]);
  });

  it('uses the configured buffer; with none, touching holds are fine', () => {
    const flights = [departure('6E 1', '1', '10:00'), departure('6E 2', '1', '11:00')];
    expect(rules(indexOf(flights, { bufferMinutes: 20 }).conflicts())).toEqual([
      'GATE_OVERLAP 6E 1+6E 2',
    ]);
    const touching = [departure('6E 1', '1', '10:00'), departure('6E 2', '1', '10:45')];
    expect(indexOf(touching, { bufferMinutes: 0 }).conflicts()).toEqual([]);
    expect(rules(indexOf(touching, { bufferMinutes: 1 }).conflicts())).toEqual([
      'GATE_OVERLAP 6E 1+6E 2',
    ]);
  });

  it('ignores cancelled flights, and drops the conflict when one is cancelled', () => {
    const index = indexOf([departure('6E 1', '1', '10:00'), departure('6E 2', '1', '10:30')]);
    const delta = index.upsert(departure('6E 2', '1', '10:30', { status: 'CANCELLED' }));
    expect(delta.changed).toBe(true);
    expect(rules(delta.removed)).toEqual(['GATE_OVERLAP 6E 1+6E 2']);
    expect(delta.added).toEqual([]);
    expect(index.conflicts()).toEqual([]);
  });

  it('ends a departed flight’s hold at its atd: early frees the gate, late keeps it', () => {
    const next = departure('6E 2', '1', '10:50'); // boards from 10:05
    expect(rules(indexOf([departure('6E 1', '1', '10:00'), next]).conflicts())).toHaveLength(1);
    const leftEarly = departure('6E 1', '1', '10:00', { status: 'DEPARTED', atd: at('09:50') });
    expect(indexOf([leftEarly, next]).conflicts()).toEqual([]);
    const leftLate = departure('6E 1', '1', '10:00', { status: 'DEPARTED', atd: at('10:20') });
    const [conflict] = indexOf([leftLate, departure('6E 2', '1', '11:15')]).conflicts();
    expect(conflict).toMatchObject({ from: at('10:20'), to: at('10:30') });
  });

  it('holds an arrival for 20 minutes from its eta; a diverted one holds nothing', () => {
    const inbound = arrival('AI 5', '1', '09:00'); // 09:00–09:20
    expect(indexOf([inbound, departure('6E 1', '1', '10:20')]).conflicts()).toEqual([]);
    const [conflict] = indexOf([inbound, departure('6E 1', '1', '10:15')]).conflicts();
    expect(conflict).toMatchObject({
      flightIds: ['AI 5', '6E 1'],
      from: at('09:20'),
      to: at('09:30'),
      message:
        '6E 1 takes gate 1 (T1) at 09:30, 10 min after AI 5 (arrival) frees it at 09:20; ' +
        'the gate needs 15 min between flights',
    });
    const diverted = arrival('AI 5', '1', '09:00', { status: 'DIVERTED' });
    expect(indexOf([diverted, departure('6E 1', '1', '10:15')]).conflicts()).toEqual([]);
  });

  it('lets one aircraft turn on its gate: arrival then departure of one registration', () => {
    const inbound = arrival('AI 5', '1', '09:00', { registration: 'VT-ABC' });
    const outbound = departure('AI 6', '1', '09:50', { registration: 'VTABC' });
    expect(indexOf([inbound, outbound]).conflicts()).toEqual([]);
    const other = departure('AI 6', '1', '09:50', { registration: 'VT-XYZ' });
    expect(rules(indexOf([inbound, other]).conflicts())).toEqual(['GATE_OVERLAP AI 5+AI 6']);
    // The departure before the arrival is not this turnaround: still a conflict.
    const before = departure('AI 4', '1', '09:10', { registration: 'VT-ABC' });
    expect(rules(indexOf([inbound, before]).conflicts())).toEqual(['GATE_OVERLAP AI 4+AI 5']);
  });

  it('keeps gate 11 of T1 and gate 11 of T3 apart', () => {
    const t1 = departure('6E 1', '11', '10:00', { terminal: 'T1' });
    const t3 = departure('AI 1', '11', '10:00', { terminal: 'T3' });
    expect(indexOf([t1, t3]).conflicts()).toEqual([]);
    const alsoT3 = departure('AI 2', '11', '10:10', { terminal: 't3' });
    expect(rules(indexOf([t1, t3, alsoT3]).conflicts())).toEqual(['GATE_OVERLAP AI 1+AI 2']);
  });

  it('reports each pair when three flights crowd one gate', () => {
    const flights = ['10:00', '10:10', '10:20'].map((etd, n) => departure(`6E ${n}`, '2', etd));
    expect(rules(indexOf(flights).conflicts())).toEqual([
      'GATE_OVERLAP 6E 0+6E 1',
      'GATE_OVERLAP 6E 0+6E 2',
      'GATE_OVERLAP 6E 1+6E 2',
    ]);
  });
});

describe('UNKNOWN_GATE', () => {
  it('reports a gate not in the list, and nothing while the list is empty', () => {
    const lost = departure('6E 1', '99', '10:00');
    expect(indexOf([lost]).conflicts()).toEqual([
      {
        id: 'UNKNOWN_GATE|T1/99|6E 1',
        rule: 'UNKNOWN_GATE',
        gate: '99',
        flightIds: ['6E 1'],
        from: at('09:15'),
        to: at('10:00'),
        message: '6E 1 is at gate 99 (T1), which is not in the gate list',
      },
    ]);
    const unmanaged = new GateConflictIndex({ timeZone: zone });
    unmanaged.upsert(lost);
    expect(unmanaged.conflicts()).toEqual([]);
  });

  it('finds the terminal of a flight without one when the gate number is unique', () => {
    const noTerminal = departure('6E 1', '2', '10:00', { terminal: null });
    const inT1 = departure('6E 2', '2', '10:10');
    expect(rules(indexOf([noTerminal, inT1]).conflicts())).toEqual(['GATE_OVERLAP 6E 1+6E 2']);
    const ambiguous = departure('6E 3', '11', '10:00', { terminal: null });
    expect(indexOf([ambiguous]).conflicts()).toMatchObject([
      { rule: 'UNKNOWN_GATE', message: '6E 3 has no terminal, and gate 11 is in T1 and T3' },
    ]);
  });

  it('follows a new gate list', () => {
    const index = indexOf([departure('6E 1', '99', '10:00'), departure('6E 2', '1', '10:00')]);
    const delta = index.setGates([
      ...gates,
      { gate: '99', terminal: 'T1', contact: true, maxCodeLetter: 'C' },
    ]);
    expect(rules(delta.removed)).toEqual(['UNKNOWN_GATE 6E 1']);
    expect(delta.added).toEqual([]);
    expect(index.setGates(gates.slice(1)).added.map((c) => c.rule)).toEqual([
      'UNKNOWN_GATE',
      'UNKNOWN_GATE',
    ]);
  });
});

describe('AIRCRAFT_TOO_BIG and REMOTE_FOR_WIDEBODY', () => {
  it('reports an aircraft whose code letter is above the gate’s', () => {
    const big = departure('AI 101', '1', '10:00', { aircraftType: '77W' });
    expect(indexOf([big]).conflicts()).toMatchObject([
      {
        rule: 'AIRCRAFT_TOO_BIG',
        gate: '1',
        flightIds: ['AI 101'],
        from: at('09:15'),
        to: at('10:00'),
        message:
          "AI 101's Boeing 777-300ER (code E) is too big for gate 1 (T1), which takes up to code C",
      },
    ]);
    const onE = { terminal: 'T3', gate: '11' };
    expect(indexOf([{ ...big, ...onE }]).conflicts()).toEqual([]);
    expect(rules(indexOf([{ ...big, ...onE, aircraftType: '388' }]).conflicts())).toEqual([
      'AIRCRAFT_TOO_BIG AI 101',
    ]);
    expect(indexOf([{ ...big, ...onE, gate: '14', aircraftType: '388' }]).conflicts()).toEqual([]);
    expect(indexOf([{ ...big, aircraftType: 'ZZZ' }]).conflicts()).toEqual([]);
  });

  it('reports a wide-body on a remote stand, not a narrow-body', () => {
    const wide = departure('AI 101', '7A', '10:00', { terminal: 'T3', aircraftType: '788' });
    expect(indexOf([wide]).conflicts()).toMatchObject([
      {
        rule: 'REMOTE_FOR_WIDEBODY',
        message:
          "AI 101's Boeing 787-8 is a wide-body at gate 7A (T3), a remote stand without a jet bridge",
      },
    ]);
    expect(indexOf([{ ...wide, aircraftType: '320' }]).conflicts()).toEqual([]);
  });
});

describe('the incremental index', () => {
  it('says whether an upsert changed the list', () => {
    const index = indexOf([departure('6E 1', '1', '10:00')]);
    const clash = index.upsert(departure('6E 2', '1', '10:30'));
    expect(clash.changed).toBe(true);
    expect(rules(clash.added)).toEqual(['GATE_OVERLAP 6E 1+6E 2']);
    expect(index.upsert(departure('6E 2', '1', '10:30', { remark: 'VIP' })).changed).toBe(false);
    expect(index.upsert(departure('6E 3', '2', '10:30')).changed).toBe(false);
    const moved = index.upsert(departure('6E 2', '1', '10:35'));
    expect(moved).toMatchObject({ changed: true, added: [{ to: at('10:00') }] });
    expect(moved.removed).toHaveLength(1);
    expect(rules(index.remove('6E 1').removed)).toEqual(['GATE_OVERLAP 6E 1+6E 2']);
    expect(index.remove('6E 1').changed).toBe(false);
    expect(index.conflicts()).toEqual([]);
  });

  it('lists a flight’s own conflicts', () => {
    const index = indexOf([
      departure('6E 1', '1', '10:00', { aircraftType: '77W' }),
      departure('6E 2', '1', '10:30'),
      departure('6E 3', '2', '10:30'),
    ]);
    expect(rules(index.conflictsOf('6E 1'))).toEqual([
      'AIRCRAFT_TOO_BIG 6E 1', // from 09:15
      'GATE_OVERLAP 6E 1+6E 2', // from 09:45
    ]);
    expect(index.conflictsOf('6E 3')).toEqual([]);
  });

  it('lists the conflicts of a local day, those across midnight on both days', () => {
    const index = indexOf([
      departure('6E 1', '1', '10:00'),
      departure('6E 2', '1', '10:30'),
      departure('6E 3', '2', '00:20'), // holds 23:35 the day before to 00:20
      departure('6E 4', '2', '00:30'),
      departure('6E 5', '99', '23:30'),
    ]);
    expect(rules(index.conflicts('2026-11-20'))).toEqual(['GATE_OVERLAP 6E 3+6E 4']);
    expect(rules(index.conflicts('2026-11-21'))).toEqual([
      'GATE_OVERLAP 6E 3+6E 4',
      'GATE_OVERLAP 6E 1+6E 2',
      'UNKNOWN_GATE 6E 5',
    ]);
    expect(index.conflicts('2026-11-22')).toEqual([]);
  });
});

/** mulberry32: a seeded PRNG, so a failing sequence can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('incremental = from scratch', () => {
  const pick = <T>(random: () => number, items: readonly T[]): T =>
    items[Math.floor(random() * items.length)]!;

  function randomFlight(random: () => number, id: string): Flight {
    const minutes = Math.floor(random() * 6 * 60); // 06:00–12:00, densely packed
    const local = DateTime.fromISO('2026-11-21T06:00', { zone }).plus({ minutes });
    const hhmm = local.toFormat('HH:mm');
    const extra: Partial<Flight> = {
      terminal: pick(random, ['T1', 'T1', 'T3', null]),
      aircraftType: pick(random, ['320', '320', '738', '788', '77W', 'AT7', 'ZZZ', null]),
      registration: pick(random, ['VT-A', 'VT-B', 'VT-C', null, null]),
      status: pick(random, ['SCHEDULED', 'SCHEDULED', 'BOARDING', 'DEPARTED', 'CANCELLED']),
    };
    const gate = pick(random, ['1', '2', '11', '12', '7A', '1A', '99', null]);
    if (random() < 0.4) {
      const status = pick(random, ['SCHEDULED', 'AIRBORNE', 'ON_BLOCK', 'DIVERTED'] as const);
      return arrival(id, gate ?? '1', hhmm, {
        ...extra,
        status,
        ...(status === 'ON_BLOCK' ? { ata: local.plus({ minutes: 7 }).toUTC().toISO()! } : {}),
      });
    }
    const atd = extra.status === 'DEPARTED' ? local.plus({ minutes: random() * 40 - 10 }) : null;
    return departure(id, gate, hhmm, { ...extra, atd: atd?.toUTC().toISO() ?? null });
  }

  const key = (c: GateConflict) => JSON.stringify(c);

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`agrees after every step of a random sequence (seed ${seed})`, () => {
      const random = prng(seed);
      const bufferMinutes = pick(random, [0, 10, 15]);
      const index = new GateConflictIndex({ timeZone: zone, gates, bufferMinutes });
      const live = new Map<string, Flight>();
      const seen = new Set<string>();
      const counts: number[] = [];
      const rulesSeen = new Set<string>();
      for (let step = 0; step < 400; step += 1) {
        const id = `F${Math.floor(random() * 40)}`;
        const roll = random();
        const delta =
          roll < 0.15
            ? (live.delete(id), index.remove(id))
            : roll < 0.17
              ? index.setGates(random() < 0.5 ? gates : gates.slice(2))
              : (live.set(id, randomFlight(random, id)), index.upsert(live.get(id)!));
        for (const conflict of delta.removed) seen.delete(key(conflict));
        for (const conflict of delta.added) seen.add(key(conflict));

        const fresh = new GateConflictIndex({
          timeZone: zone,
          gates: [...index.gateEntries().values()],
          bufferMinutes,
        });
        for (const flight of live.values()) fresh.upsert(flight);
        const expected = fresh.conflicts().map(key);
        // Compared as text: vitest's deep equality would make this test ten times slower.
        expect(index.conflicts().map(key).join('\n')).toBe(expected.join('\n'));
        // The deltas, applied in order, rebuild the same list: `changed` can be trusted.
        expect([...seen].sort().join('\n')).toBe(expected.sort().join('\n'));
        counts.push(expected.length);
        for (const conflict of index.conflicts()) rulesSeen.add(conflict.rule);
      }
      // The sequence exercised every rule, with plenty of conflicts at once.
      expect([...rulesSeen].sort()).toEqual([...GATE_CONFLICT_RULES].sort());
      expect(Math.max(...counts)).toBeGreaterThan(20);
    });
  }
});
