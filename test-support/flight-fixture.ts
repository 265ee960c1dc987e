import type { Flight } from '../core';

/** A scheduled, on-time 6E 2134 from Delhi to Mumbai at 14:05 local; tests override what they need. */
export function delhiFlight(overrides: Partial<Flight> = {}): Flight {
  return {
    id: 'F1',
    flightNumber: '6E 2134',
    airline: '6E',
    origin: 'DEL',
    destination: 'BOM',
    destinationCity: 'Mumbai',
    originTimeZone: 'Asia/Kolkata',
    std: '2026-11-21T08:35:00.000Z',
    etd: '2026-11-21T08:35:00.000Z',
    gate: '12',
    status: 'SCHEDULED',
    delayCode: null,
    remark: null,
    version: 1,
    updatedAt: '2026-11-21T05:00:00.000Z',
    updatedBy: null,
    ...overrides,
  };
}
