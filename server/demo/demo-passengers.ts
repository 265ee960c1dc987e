/**
 * Plausible passenger manifests for the demo day: a few passengers per flight, departures and
 * arrivals alike (on an arrival, the people travelling in or meeting it, told of its belt or
 * delay), deterministic per flight id. Phones are Indian E.164 numbers, e-mail addresses use the reserved example.com and
 * example.in domains (RFC 2606), languages are a mix of English and Hindi.
 */
import type { Passenger } from '../../core/flight';
import { createPrng } from './prng';

const GIVEN_NAMES = [
  'Aarav',
  'Aditi',
  'Ananya',
  'Arjun',
  'Deepika',
  'Farhan',
  'Gurpreet',
  'Ishaan',
  'Kavya',
  'Meera',
  'Neha',
  'Nikhil',
  'Pooja',
  'Priya',
  'Rahul',
  'Rohan',
  'Sanjay',
  'Shreya',
  'Sunita',
  'Tanvi',
  'Vikram',
  'Zoya',
  'Anil',
  'Lakshmi',
];
const FAMILY_NAMES = [
  'Sharma',
  'Verma',
  'Gupta',
  'Iyer',
  'Nair',
  'Khan',
  'Singh',
  'Reddy',
  'Das',
  'Mehta',
  'Patel',
  'Chatterjee',
  'Joshi',
  'Kapoor',
  'Menon',
  'Bose',
  'Rao',
  'Malhotra',
];
/** PNR alphabet without the easily confused 0/O and 1/I. */
const PNR_CHARACTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 3–5 passengers for the flight; the same id always gives the same manifest. */
export function demoPassengers(flightId: string): Passenger[] {
  const prng = createPrng(`passengers:${flightId}`);
  const count = prng.int(3, 5);
  const passengers: Passenger[] = [];
  const pnrs = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    let pnr = '';
    do {
      pnr = Array.from({ length: 6 }, () => prng.pick([...PNR_CHARACTERS])).join('');
    } while (pnrs.has(pnr));
    pnrs.add(pnr);
    const given = prng.pick(GIVEN_NAMES);
    const family = prng.pick(FAMILY_NAMES);
    // Most give both; some only a phone, a few only an e-mail address.
    const contact = prng.weighted([
      ['both', 6],
      ['phone', 3],
      ['email', 1],
    ] as const);
    const passenger: Passenger = { pnr, name: `${given} ${family}` };
    if (contact !== 'email') {
      passenger.phone = `+91${prng.pick(['98', '97', '99', '88', '70'])}${String(prng.int(0, 99_999_999)).padStart(8, '0')}`;
    }
    if (contact !== 'phone') {
      const domain = prng.chance(0.5) ? 'example.in' : 'example.com';
      passenger.email = `${given}.${family}${prng.int(1, 99)}@${domain}`.toLowerCase();
    }
    passenger.locale = prng.chance(0.4) ? 'hi' : 'en';
    passengers.push(passenger);
  }
  return passengers;
}

/** Manifests for every flight of the demo day (departures and arrivals), by flight id. */
export function demoManifests(flights: ReadonlyArray<{ id: string }>): Record<string, Passenger[]> {
  return Object.fromEntries(flights.map((flight) => [flight.id, demoPassengers(flight.id)]));
}
