import { z } from 'zod';
import { DIRECTIONS, flightStatusSchema, type Flight } from './flight';

/**
 * What a passenger may see of a flight (contract section 9): what a departure board shows, and
 * nothing else — no staff names, versions, delay codes, passenger counts, and never anyone's
 * contact details.
 */
const isoInstant = z.iso.datetime({ offset: true });
const nullableInstant = isoInstant.nullable();

export const publicFlightSchema = z.object({
  id: z.string(),
  flightNumber: z.string(),
  airline: z.string(),
  airlineName: z.string().nullable(),
  direction: z.enum(DIRECTIONS),
  origin: z.string(),
  originCity: z.string().nullable(),
  destination: z.string(),
  destinationCity: z.string().nullable(),
  std: isoInstant,
  etd: isoInstant,
  sta: nullableInstant,
  eta: nullableInstant,
  atd: nullableInstant,
  ata: nullableInstant,
  terminal: z.string().nullable(),
  gate: z.string().nullable(),
  belt: z.string().nullable(),
  status: flightStatusSchema,
  remark: z.string().nullable(),
  codeshares: z.array(z.string()),
  /** IANA zones for showing local times at either end. */
  originTimeZone: z.string().nullable(),
  destinationTimeZone: z.string().nullable(),
  /** The latest move from one assigned gate to another, from the hub's change log. */
  gateChange: z.object({ from: z.string(), at: isoInstant }).nullable(),
});
export type PublicFlight = z.infer<typeof publicFlightSchema>;

/** The latest move of a flight from one assigned gate to another. */
export interface GateChange {
  from: string;
  at: string;
}

export function toPublicFlight(flight: Flight, gateChange: GateChange | null = null): PublicFlight {
  return {
    id: flight.id,
    flightNumber: flight.flightNumber,
    airline: flight.airline,
    airlineName: flight.airlineName ?? null,
    direction: flight.direction ?? 'departure',
    origin: flight.origin,
    originCity: flight.originCity ?? null,
    destination: flight.destination,
    destinationCity: flight.destinationCity ?? null,
    std: flight.std,
    etd: flight.etd,
    sta: flight.sta ?? null,
    eta: flight.eta ?? null,
    atd: flight.atd ?? null,
    ata: flight.ata ?? null,
    terminal: flight.terminal ?? null,
    gate: flight.gate,
    belt: flight.belt ?? null,
    status: flight.status,
    remark: flight.remark,
    codeshares: flight.codeshares ?? [],
    originTimeZone: flight.originTimeZone ?? null,
    destinationTimeZone: flight.destinationTimeZone ?? null,
    // A change to the gate the flight has now; one the gate has since moved on from is stale.
    gateChange: gateChange && gateChange.from !== flight.gate ? gateChange : null,
  };
}
