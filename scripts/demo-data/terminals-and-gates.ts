/** DEL terminals by carrier, and gates allocated so that no two departures share one at once. */
import type { Prng } from '../../server/demo/prng';
import { circularGap, hhmm } from './times-of-day';

export function terminalFor(code: string, domestic: boolean, flightNumber: string): string {
  if (!domestic || code === 'AI') return 'T3';
  if (code === '6E') {
    const number = Number(flightNumber.split(' ')[1]);
    return number >= 2000 && number <= 2999 ? 'T2' : 'T1';
  }
  return code === 'SG' ? 'T1' : 'T3';
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}

/** Gate pools per terminal (and T3 pier): numbered contact gates plus a few lettered bus gates. */
const GATE_POOLS: Record<string, string[]> = {
  T1: [...range(1, 30), '1A', '1B', '1C'],
  T2: range(1, 16),
  'T3-intl': [...range(1, 24), '7A', '7B', '12A', '12B'],
  'T3-dom': [...range(25, 62), '32A', '32B', '33A', '33B', '41A', '41B'],
};

export class GateAllocator {
  /** Occupied intervals per pool+gate, in minutes of the day (circular). */
  private readonly busy = new Map<string, Array<[number, number]>>();

  constructor(private readonly prng: Prng) {}

  assign(terminal: string, domestic: boolean, minutes: number, widebody: boolean): string {
    const pool = terminal === 'T3' ? (domestic ? 'T3-dom' : 'T3-intl') : terminal;
    const gates = GATE_POOLS[pool];
    if (!gates) throw new Error(`no gates for ${pool}`);
    const start = minutes - (widebody ? 65 : 45);
    const end = minutes + 15;
    const overlaps = (a: [number, number]) =>
      circularGap((a[0] + a[1]) / 2, (start + end) / 2) < (a[1] - a[0] + (end - start)) / 2;
    // Prefer contact gates; lettered gates are bus gates used a fraction of the time.
    const contact = gates.filter((gate) => /^\d+$/.test(gate));
    const order = this.prng.chance(0.12)
      ? this.prng.shuffle(gates)
      : [
          ...this.prng.shuffle(contact),
          ...this.prng.shuffle(gates.filter((g) => !/^\d+$/.test(g))),
        ];
    for (const gate of order) {
      const key = `${pool}:${gate}`;
      const intervals = this.busy.get(key) ?? [];
      if (intervals.some(overlaps)) continue;
      intervals.push([start, end]);
      this.busy.set(key, intervals);
      return gate;
    }
    throw new Error(`no free gate in ${pool} at ${hhmm(minutes)}`);
  }
}
