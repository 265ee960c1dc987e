/**
 * Aircraft registrations for the demo: an Indian carrier's aircraft are VT-xxx (IndiGo VT-Ixx,
 * SpiceJet VT-Sxx, Air India VT-A/E/J/Txx as their fleets are), a foreign carrier's carry its
 * country's nationality mark in that country's usual form (A6-EAB, D-AIXY, N123AB, ...). Each
 * airline has a fixed pool of tails per body (narrow, wide, regional), so a tail always flies
 * one kind of aircraft; on each day every aircraft visit gets a tail of its own.
 */
import { aircraftBody, type AircraftBody } from '../../core/aircraft-categories';
import { findAirline } from '../reference/reference-data';
import { createPrng, hashString, type Prng } from './prng';

type TailMaker = (prng: Prng, airline: string) => string;

const letter = (prng: Prng) => String.fromCharCode(65 + prng.int(0, 25));
const letters = (prng: Prng, count: number) =>
  Array.from({ length: count }, () => letter(prng)).join('');
const digits = (prng: Prng, count: number) =>
  Array.from({ length: count }, () => String(prng.int(0, 9))).join('');

/** The first letter after VT- in the fleets of India's carriers. */
const INDIAN_FIRST_LETTERS: Record<string, readonly string[]> = {
  '6E': ['I'],
  SG: ['S', 'G'],
  AI: ['A', 'E', 'J', 'T'],
  IX: ['A', 'B', 'G'],
  QP: ['Y'],
};

/** Nationality marks and the usual shape of the rest, by the airline's country (airlines.dat). */
const BY_COUNTRY: Record<string, TailMaker> = {
  India: (p, airline) => `VT-${p.pick(INDIAN_FIRST_LETTERS[airline] ?? ['K'])}${letters(p, 2)}`,
  'United Arab Emirates': (p) => `A6-${letters(p, 3)}`,
  Qatar: (p) => `A7-${letters(p, 3)}`,
  Bahrain: (p) => `A9C-${letters(p, 2)}`,
  Oman: (p) => `A4O-${letters(p, 2)}`,
  'Saudi Arabia': (p) => `HZ-A${letters(p, 2)}`,
  Kuwait: (p) => `9K-A${letters(p, 2)}`,
  Jordan: (p) => `JY-A${letters(p, 2)}`,
  Iran: (p) => `EP-M${letters(p, 2)}`,
  'United Kingdom': (p) => `G-V${letters(p, 3)}`,
  Germany: (p) => `D-A${letters(p, 3)}`,
  France: (p) => `F-G${letters(p, 3)}`,
  Netherlands: (p) => `PH-B${letters(p, 2)}`,
  Switzerland: (p) => `HB-J${letters(p, 2)}`,
  Finland: (p) => `OH-L${letters(p, 2)}`,
  Russia: (p) => `RA-${digits(p, 5)}`,
  Turkey: (p) => `TC-J${letters(p, 2)}`,
  China: (p) => `B-${digits(p, 4)}`,
  Taiwan: (p) => `B-18${digits(p, 3)}`,
  'Hong Kong SAR of China': (p) => `B-H${letters(p, 2)}`,
  Japan: (p) => `JA${digits(p, 3)}${letter(p)}`,
  'Republic of Korea': (p) => `HL${digits(p, 4)}`,
  Singapore: (p) => `9V-S${letters(p, 2)}`,
  Malaysia: (p) => `9M-${letters(p, 3)}`,
  Thailand: (p) => `HS-T${letters(p, 2)}`,
  Indonesia: (p) => `PK-G${letters(p, 2)}`,
  'Sri Lanka': (p) => `4R-A${letters(p, 2)}`,
  Bangladesh: (p) => `S2-A${letters(p, 2)}`,
  Bhutan: (p) => `A5-${letters(p, 3)}`,
  Nepal: (p) => `9N-A${letters(p, 2)}`,
  Afghanistan: (p) => `YA-${letters(p, 3)}`,
  Pakistan: (p) => `AP-B${letters(p, 2)}`,
  Uzbekistan: (p) => `UK-${digits(p, 5)}`,
  Kazakhstan: (p) => `P4-${letters(p, 3)}`,
  Tajikistan: (p) => `EY-${digits(p, 3)}`,
  Turkmenistan: (p) => `EZ-A${digits(p, 3)}`,
  Kenya: (p) => `5Y-K${letters(p, 2)}`,
  Ethiopia: (p) => `ET-A${letters(p, 2)}`,
  Mauritius: (p) => `3B-N${letters(p, 2)}`,
};
/** Carriers of countries not in the table, and unknown carriers: a US-style N-number. */
const FALLBACK: TailMaker = (p) => `N${p.int(1, 9)}${digits(p, 2)}${letters(p, 2)}`;

const POOL_SIZE = 400;
const DRAWS = 4_000;

/** Which body a tail belongs to: three in four are narrow-bodies, as in the fleets here. */
function bodyOfTail(tail: string): AircraftBody {
  const bucket = hashString(`body:${tail}`) % 100;
  return bucket < 75 ? 'narrow' : bucket < 90 ? 'wide' : 'regional';
}

const pools = new Map<string, Record<AircraftBody, string[]>>();

/** The airline's tails, by body; fixed for the airline (not for the day). */
export function registrationPool(airline: string): Record<AircraftBody, string[]> {
  let pool = pools.get(airline);
  if (pool) return pool;
  const country = findAirline(airline)?.country ?? '';
  const make = BY_COUNTRY[country] ?? FALLBACK;
  const prng = createPrng(`registrations:${airline}`);
  const tails = new Set<string>();
  for (let draw = 0; draw < DRAWS && tails.size < POOL_SIZE; draw += 1) {
    tails.add(make(prng, airline));
  }
  pool = { narrow: [], wide: [], regional: [] };
  for (const tail of tails) pool[bodyOfTail(tail)].push(tail);
  pools.set(airline, pool);
  return pool;
}

/**
 * Hands out one day's tails: `take` gives the aircraft visit `key` (an arrival and its onward
 * departure are one visit) a tail no other visit of the airline has that day. Deterministic when
 * the visits are taken in a fixed order (the day context sorts them).
 */
export class DailyRegistrations {
  private readonly used = new Set<string>();

  constructor(private readonly localDate: string) {}

  take(airline: string, aircraftType: string | null | undefined, key: string): string {
    const pool = registrationPool(airline);
    const body = aircraftBody(aircraftType) ?? 'narrow';
    const tails = pool[body].length > 0 ? pool[body] : pool.narrow;
    const start = hashString(`${this.localDate}:${key}`) % tails.length;
    for (let i = 0; i < tails.length; i += 1) {
      const tail = tails[(start + i) % tails.length] as string;
      if (!this.used.has(tail)) {
        this.used.add(tail);
        return tail;
      }
    }
    // More visits than tails: share one (never happens with the demo's fleet sizes).
    return tails[start] as string;
  }
}
