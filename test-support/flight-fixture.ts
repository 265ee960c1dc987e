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

/**
 * EY 492 from Abu Dhabi to Delhi, due on block at 00:05 local on 21 Nov (18:35Z the day
 * before), airborne, on time; tests override what they need.
 */
export function delhiArrival(overrides: Partial<Flight> = {}): Flight {
  return {
    id: 'A1',
    flightNumber: 'EY 492',
    airline: 'EY',
    origin: 'AUH',
    destination: 'DEL',
    originCity: 'Abu Dhabi',
    destinationCity: 'Delhi',
    originTimeZone: 'Asia/Dubai',
    destinationTimeZone: 'Asia/Kolkata',
    direction: 'arrival',
    std: '2026-11-20T15:10:00.000Z',
    etd: '2026-11-20T15:10:00.000Z',
    sta: '2026-11-20T18:35:00.000Z',
    eta: '2026-11-20T18:35:00.000Z',
    gate: null,
    stand: '303',
    belt: null,
    status: 'AIRBORNE',
    delayCode: null,
    remark: null,
    codeshares: ['AI 9123'],
    version: 3,
    updatedAt: '2026-11-20T15:20:00.000Z',
    updatedBy: null,
    ...overrides,
  };
}
