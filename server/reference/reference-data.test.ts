import { describe, expect, it } from 'vitest';
import { findAirline, findAirlineByIcao, findAirport, requireAirport } from './reference-data';

describe('reference data', () => {
  it('finds airports by IATA code with their IANA zone', () => {
    expect(findAirport('DEL')).toMatchObject({
      iata: 'DEL',
      icao: 'VIDP',
      city: 'Delhi',
      country: 'India',
      timeZone: 'Asia/Kolkata',
    });
    expect(findAirport('jfk')?.timeZone).toBe('America/New_York');
    // Renamed zones carry their current name, missing ones come from a neighbour.
    expect(findAirport('KTM')?.timeZone).toBe('Asia/Kathmandu');
    expect(findAirport('HYD')?.timeZone).toBe('Asia/Kolkata');
    expect(findAirport('QQQ')).toBeUndefined();
  });

  it('refuses an unknown airport by its code', () => {
    expect(requireAirport('BOM').name).toMatch(/Chhatrapati Shivaji/);
    expect(() => requireAirport('QQQ')).toThrow('unknown airport "QQQ"');
    expect(() => requireAirport('DELHI')).toThrow('"DELHI" is not an IATA airport code');
  });

  it('finds airlines by IATA and ICAO designator', () => {
    expect(findAirline('6E')).toMatchObject({ icao: 'IGO', callsign: 'IFLY', country: 'India' });
    expect(findAirlineByIcao('IGO')?.iata).toBe('6E');
    expect(findAirlineByIcao('AIC')?.iata).toBe('AI');
    // SG was JetsGo (defunct) before SpiceJet: the active carrier wins.
    expect(findAirline('SG')?.name).toBe('SpiceJet');
    // LH: Lufthansa flies the routes, Lufthansa Cargo shares the code.
    expect(findAirline('LH')?.name).toBe('Lufthansa');
  });

  it('knows no name for test designators, which stay plain codes', () => {
    expect(findAirline('XX')).toBeUndefined();
    expect(findAirline('YY')).toBeUndefined();
  });
});
