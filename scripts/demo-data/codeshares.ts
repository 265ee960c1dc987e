/**
 * A handful of codeshares between the demo's carriers, as the real partnerships go: IndiGo puts
 * its code on Turkish Airlines, Qatar Airways and Virgin Atlantic flights (and Turkish Airlines
 * on IndiGo's); Air India, a Star Alliance member, on Lufthansa, Singapore Airlines and ANA
 * flights (and Lufthansa and Singapore Airlines on Air India's trunk routes). The marketing
 * numbers are synthetic, from blocks the carriers' own flights here do not use.
 */
import { formatFlightNumber } from '../../server/schedules/schedule-leg';

export interface CodeshareLeg {
  direction: 'departure' | 'arrival';
  airline: string;
  flightNumber: string;
  /** The other airport of the leg. */
  other: string;
  codeshares: string[];
}

interface Partnership {
  marketing: string;
  operating: string;
  /** First marketing number. */
  block: number;
  /** Only legs to or from these airports (all when absent), at most `perAirport` each way. */
  airports?: readonly string[];
  perAirport?: number;
}

const PARTNERSHIPS: readonly Partnership[] = [
  { marketing: '6E', operating: 'TK', block: 4101 },
  { marketing: '6E', operating: 'QR', block: 4201 },
  { marketing: '6E', operating: 'VS', block: 4401 },
  { marketing: 'TK', operating: '6E', block: 8101, airports: ['BOM'], perAirport: 1 },
  { marketing: 'AI', operating: 'LH', block: 8701 },
  { marketing: 'AI', operating: 'SQ', block: 8801 },
  { marketing: 'AI', operating: 'NH', block: 8851 },
  { marketing: 'LH', operating: 'AI', block: 5001, airports: ['BOM', 'BLR'], perAirport: 1 },
  { marketing: 'SQ', operating: 'AI', block: 4001, airports: ['BOM'], perAirport: 1 },
];

/**
 * Adds the partners' numbers to the legs' `codeshares`, in the legs' order. `taken` holds every
 * operating flight number, so a marketing number never repeats one.
 */
export function addCodeshares(legs: readonly CodeshareLeg[], taken: ReadonlySet<string>): void {
  for (const partnership of PARTNERSHIPS) {
    let next = partnership.block;
    const perAirport = new Map<string, number>();
    for (const leg of legs) {
      if (leg.airline !== partnership.operating) continue;
      if (partnership.airports) {
        if (!partnership.airports.includes(leg.other)) continue;
        const key = `${leg.direction}-${leg.other}`;
        const count = perAirport.get(key) ?? 0;
        if (count >= (partnership.perAirport ?? Infinity)) continue;
        perAirport.set(key, count + 1);
      }
      let code = '';
      do {
        code = formatFlightNumber({
          airline: partnership.marketing,
          flightNumber: String(next),
          suffix: '',
        });
        next += 1;
      } while (taken.has(code));
      leg.codeshares.push(code);
    }
  }
}
