/** Synthetic flight numbers in each carrier's real numbering blocks, unique within the day. */
import type { Prng } from '../../server/demo/prng';

export class FlightNumbers {
  private readonly used = new Set<string>();
  private readonly foreignNext = new Map<string, number>();

  constructor(private readonly prng: Prng) {}

  /** Marks a number as taken (e.g. the departures' numbers, before numbering the arrivals). */
  reserve(flightNumber: string): void {
    this.used.add(flightNumber);
  }

  isFree(flightNumber: string): boolean {
    return !this.used.has(flightNumber);
  }

  /**
   * A new number from the carrier's block; `accept` narrows it further (a 6E domestic arrival
   * at T2 needs a 2xxx number, see terminalFor).
   */
  next(
    code: string,
    domestic: boolean,
    longHaul: boolean,
    gulf: boolean,
    accept: (flightNumber: string) => boolean = () => true,
  ): string {
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const number = this.candidate(code, domestic, longHaul, gulf);
      const flightNumber = `${code} ${number}`;
      if (!this.used.has(flightNumber) && accept(flightNumber)) {
        this.used.add(flightNumber);
        return flightNumber;
      }
    }
    throw new Error(`ran out of flight numbers for ${code}`);
  }

  private candidate(code: string, domestic: boolean, longHaul: boolean, gulf: boolean): number {
    const p = this.prng;
    switch (code) {
      case '6E':
        if (!domestic) return p.chance(0.4) ? p.int(11, 99) : p.int(1001, 1999);
        return p.chance(0.35) ? p.int(2000, 2999) : p.int(5000, 6999);
      case 'AI':
        if (!domestic) {
          if (longHaul) return p.int(100, 199);
          return gulf ? p.int(900, 999) : p.int(200, 399);
        }
        // Former Vistara flights fly as AI 2xxx since the 2024 merger.
        return p.chance(0.35) ? p.int(2400, 2999) : p.int(401, 899);
      case 'SG':
        return domestic ? p.int(8100, 8999) : p.int(11, 99);
      default: {
        // Foreign carriers: a block of nearby numbers, as real timetables have.
        const start = this.foreignNext.get(code) ?? p.int(10, 89) * 10 + (p.chance(0.3) ? 1 : 0);
        this.foreignNext.set(code, start + 2);
        return start;
      }
    }
  }
}
