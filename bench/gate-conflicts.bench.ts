/**
 * Gate conflicts, in process (no hub): 3,000 flights on 150 gates (3 terminals), then 20,000
 * changes like a day brings them — an ETD/ETA moved by −10…+60 min (most), a gate change (some),
 * a cancellation or a remark (few) — each applied with `GateConflictIndex.upsert`. Two plans:
 * - `planned`: the live table's three days (today and JETBRIDGE_DAYS_AHEAD = 2), gates given
 *   first-fit so the day starts without overlaps, as a stand planner would leave it;
 * - `crowded`: all 3,000 in one day at random gates, more than the gates can hold (thousands of
 *   conflicts; every upsert rebuilds many messages): the worst case.
 * Reports µs per upsert (mean, p50, p99), what a from-scratch recompute would cost instead,
 * `conflicts(today)` and `suggestGates`. Issue 14's budget: conflicts for 3,000 flights at 200
 * changes/s must cost at most 10% of the hub's ack p99 (7.3 ms, bench/RESULTS.md).
 */
import { DateTime } from 'luxon';
import { createPrng } from '../server/demo/prng';
import { GateConflictIndex } from '../core/gate-conflict-index';
import { suggestGates } from '../core/gate-suggestions';
import type { Flight } from '../core/flight';
import type { GateEntry } from '../core/gates';

const FLIGHTS = 3_000;
const GATES = 150;
const CHANGES = 20_000;
const zone = 'Asia/Kolkata';
const day = '2026-11-21';

export default async function gateConflicts() {
  return {
    ...prefixed('planned', run({ days: 3, firstFit: true })),
    ...prefixed('crowded', run({ days: 1, firstFit: false })),
  };
}

function prefixed(name: string, figures: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(figures).map(([key, value]) => [`${name}: ${key}`, value]),
  );
}

function run({ days, firstFit }: { days: number; firstFit: boolean }) {
  const prng = createPrng(`jetbridge-gate-conflicts-bench-${days}`);
  const terminals = ['T1', 'T2', 'T3'];
  const gates: GateEntry[] = Array.from({ length: GATES }, (_, n) => ({
    gate: String((n % 50) + 1),
    terminal: terminals[Math.floor(n / 50)]!,
    contact: n % 10 !== 9,
    maxCodeLetter: n % 5 === 0 ? 'E' : 'C',
  }));
  const midnight = DateTime.fromISO(day, { zone }).toMillis();
  const iso = (ms: number) => new Date(ms).toISOString();
  const times = Array.from(
    { length: FLIGHTS },
    () => midnight + prng.int(0, days * 1440 - 1) * 60_000,
  );
  times.sort((a, b) => a - b);
  // First fit: the gate whose last hold (65 min incl. boarding, + 15 buffer) ended in time.
  const freeFrom = new Map(gates.map((gate) => [gate, -Infinity]));
  const flights: Flight[] = times.map((std, n) => {
    const fitting = firstFit
      ? prng.shuffle(gates).find((candidate) => freeFrom.get(candidate)! <= std - 45 * 60_000)
      : undefined;
    const gate = fitting ?? prng.pick(gates);
    freeFrom.set(gate, std + 35 * 60_000);
    const arriving = n % 3 === 0;
    return {
      id: `F${n}`,
      flightNumber: `6E ${1000 + n}`,
      airline: '6E',
      origin: arriving ? 'BOM' : 'DEL',
      destination: arriving ? 'DEL' : 'BOM',
      std: iso(std),
      etd: iso(std),
      ...(arriving ? { direction: 'arrival' as const, sta: iso(std), eta: iso(std) } : {}),
      gate: gate.gate,
      terminal: gate.terminal,
      aircraftType: gate.maxCodeLetter === 'E' && prng.chance(0.5) ? '788' : '320',
      registration: `VT-${n % 400}`,
      status: 'SCHEDULED',
      delayCode: null,
      remark: null,
      version: 1,
      updatedAt: iso(midnight),
      updatedBy: null,
    };
  });

  const index = new GateConflictIndex({ timeZone: zone, gates });
  let started = performance.now();
  for (const flight of flights) index.upsert(flight);
  const loadMs = performance.now() - started;
  const conflictsAtStart = index.conflicts().length;

  const samples: number[] = [];
  let changedLists = 0;
  for (let n = 0; n < CHANGES; n += 1) {
    const at = prng.int(0, FLIGHTS - 1);
    const flight = flights[at]!;
    const roll = prng.next();
    const moved = Date.parse(flight.std) + prng.int(-10, 60) * 60_000;
    const next: Flight =
      roll < 0.75
        ? flight.direction === 'arrival'
          ? { ...flight, eta: iso(moved) }
          : { ...flight, etd: iso(moved) }
        : roll < 0.95
          ? { ...flight, gate: prng.pick(gates).gate }
          : roll < 0.97
            ? { ...flight, status: 'CANCELLED' }
            : { ...flight, remark: `note ${n}` };
    flights[at] = next;
    const t0 = performance.now();
    const delta = index.upsert(next);
    samples.push((performance.now() - t0) * 1000);
    if (delta.changed) changedLists += 1;
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const quantile = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;

  started = performance.now();
  const fresh = new GateConflictIndex({ timeZone: zone, gates });
  for (const flight of flights) fresh.upsert(flight);
  const recomputeMs = performance.now() - started;
  const same = JSON.stringify(fresh.conflicts()) === JSON.stringify(index.conflicts());

  // The list after a change (the cache only helps repeated reads): nudge a conflicting flight.
  const nudged = flights.find((flight) => flight.id === index.conflicts(day)[0]?.flightIds[0]);
  const rounds = 50;
  let listMs = 0;
  for (let n = 0; n < rounds && nudged; n += 1) {
    const etd = Date.parse(nudged.etd) + (n % 2 ? 60_000 : -60_000);
    index.upsert(
      nudged.direction === 'arrival' ? { ...nudged, eta: iso(etd) } : { ...nudged, etd: iso(etd) },
    );
    started = performance.now();
    index.conflicts(day);
    listMs += (performance.now() - started) / rounds;
  }
  const today = index.conflicts(day);
  suggestGates(flights[0]!, index); // warm
  started = performance.now();
  for (let n = 0; n < 100; n += 1) suggestGates(flights[n]!, index);
  const suggestUs = ((performance.now() - started) * 1000) / 100;

  return {
    'load all flights (ms)': loadMs,
    'conflicts at start': conflictsAtStart,
    'upsert mean (µs)': mean,
    'upsert p50 (µs)': quantile(0.5),
    'upsert p99 (µs)': quantile(0.99),
    'upsert max (µs)': samples[samples.length - 1]!,
    'upserts that changed the list': changedLists,
    'from-scratch recompute instead (ms)': recomputeMs,
    'incremental equals from scratch': same,
    'conflicts(today) after a change (ms)': listMs,
    'conflicts today': today.length,
    'suggestGates (µs)': suggestUs,
  };
}
