import { z } from 'zod';

/**
 * A flight not in the schedule (a charter, a recovery flight, an extra section), as a supervisor
 * adds it in the console (`flight:create`) or the feed does (`create`, contract section 8).
 */
export const adHocDesignatorSchema = z.object({
  airline: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2}$/, 'must be a 2-character IATA airline code'),
  flightNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^\d{1,4}[A-Z]?$/, 'must be 1–4 digits, with an optional suffix letter, e.g. "2134"'),
  direction: z.enum(['departure', 'arrival']),
  /** Local date of the movement at this airport. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a local date YYYY-MM-DD'),
});
export type AdHocDesignator = z.infer<typeof adHocDesignatorSchema>;

const airportCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter IATA airport code');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const adHocPlanSchema = z.strictObject({
  origin: airportCode,
  destination: airportCode,
  std: instant,
  sta: instant,
});
export type AdHocPlan = z.infer<typeof adHocPlanSchema>;

/** `flight:create` (extension, v2): a supervisor adds a flight; `opId` makes a retry safe. */
export const flightCreatePayloadSchema = adHocDesignatorSchema
  .extend({ opId: z.uuid('must be a UUID') })
  .extend(adHocPlanSchema.shape)
  .strict();
export type FlightCreatePayload = z.input<typeof flightCreatePayloadSchema>;
