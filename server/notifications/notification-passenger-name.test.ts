import { describe, expect, it } from 'vitest';
import { passengerNameOf } from './notification-record';

const manifest = [
  { pnr: 'VRM123', name: 'Asha Verma', phone: '+919810000001', email: 'asha@example.in' },
  { pnr: 'VRM123', name: 'Rohan Verma', phone: '+919810000002' },
  { pnr: 'SOLO42', name: 'Meera Iyer', email: 'meera@example.in' },
];

describe('passengerNameOf', () => {
  it('tells passengers of one booking apart by where the message went', () => {
    expect(passengerNameOf('VRM123', 'asha@example.in', manifest)).toBe('Asha Verma');
    expect(passengerNameOf('VRM123', '+919810000001', manifest)).toBe('Asha Verma');
    expect(passengerNameOf('VRM123', '+919810000002', manifest)).toBe('Rohan Verma');
  });

  it('names the only passenger of a booking for a push endpoint, and nobody when unsure', () => {
    expect(passengerNameOf('SOLO42', 'https://push.example/abc', manifest)).toBe('Meera Iyer');
    expect(passengerNameOf('VRM123', 'https://push.example/abc', manifest)).toBeNull();
    expect(passengerNameOf('NOPE99', '+919810000001', manifest)).toBeNull();
  });
});
