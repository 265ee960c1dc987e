import { describe, expect, it } from 'vitest';
import demo from '../resources/demo/del-departures.json';
import {
  AIRCRAFT_CATEGORIES,
  aircraftBody,
  aircraftCategory,
  codeLetterFor,
  codeLetterForWingspan,
  compareCodeLetters,
  isWideBody,
  minimumTurnaroundMinutes,
} from './aircraft-categories';

describe('codeLetterForWingspan', () => {
  it('follows the Annex 14 bands, each upper bound belonging to the next letter', () => {
    expect(codeLetterForWingspan(14.9)).toBe('A');
    expect(codeLetterForWingspan(15)).toBe('B');
    expect(codeLetterForWingspan(23.9)).toBe('B');
    expect(codeLetterForWingspan(24)).toBe('C');
    expect(codeLetterForWingspan(36)).toBe('D');
    expect(codeLetterForWingspan(52)).toBe('E');
    expect(codeLetterForWingspan(65)).toBe('F');
    expect(codeLetterForWingspan(79.9)).toBe('F');
    expect(codeLetterForWingspan(80)).toBeNull();
  });
});

describe('codeLetterFor', () => {
  it('gives the letters planners expect for the common types', () => {
    const expected: Record<string, string> = {
      '320': 'C',
      '321': 'C',
      '32N': 'C',
      '738': 'C',
      '73H': 'C',
      '7M8': 'C',
      '310': 'D',
      '757': 'D',
      '763': 'D',
      '772': 'E',
      '77W': 'E',
      '788': 'E',
      '333': 'E',
      '359': 'E',
      '744': 'E',
      '747': 'E',
      '74H': 'F',
      '748': 'F',
      '388': 'F',
      AT7: 'C',
      ATR: 'C',
      DH4: 'C',
      DH8: 'C',
      CR7: 'B',
      CR9: 'C',
      ER4: 'B',
      E90: 'C',
      BNI: 'A',
    };
    for (const [type, letter] of Object.entries(expected)) {
      expect({ type, letter: codeLetterFor(type) }).toEqual({ type, letter });
    }
  });

  it('reads ICAO designators, lower case and spaces too; unknown or missing types are null', () => {
    expect(codeLetterFor('A320')).toBe('C');
    expect(codeLetterFor('B77W')).toBe('E');
    expect(codeLetterFor('A388')).toBe('F');
    expect(codeLetterFor(' 77w ')).toBe('E');
    expect(codeLetterFor('XYZ')).toBeNull();
    expect(codeLetterFor('')).toBeNull();
    expect(codeLetterFor(null)).toBeNull();
    expect(codeLetterFor(undefined)).toBeNull();
  });

  it('knows every aircraft type the demo day uses', () => {
    const unknown = demo.departures
      .map((departure) => departure.aircraftType)
      .filter((type) => !aircraftCategory(type));
    expect(unknown).toEqual([]);
  });
});

describe('the table', () => {
  it('lists each IATA code once', () => {
    const codes = AIRCRAFT_CATEGORIES.map((entry) => entry.iata);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives one letter and one body to each ICAO designator it names', () => {
    const seen = new Map<string, string>();
    for (const entry of AIRCRAFT_CATEGORIES) {
      if (!entry.icao) continue;
      const summary = `${entry.codeLetter} ${entry.body}`;
      expect({ icao: entry.icao, summary }).toEqual({
        icao: entry.icao,
        summary: seen.get(entry.icao) ?? summary,
      });
      seen.set(entry.icao, summary);
    }
  });

  it('agrees with itself where an ICAO designator is also another IATA code', () => {
    for (const entry of AIRCRAFT_CATEGORIES) {
      if (!entry.icao) continue;
      const sameCode = AIRCRAFT_CATEGORIES.find((other) => other.iata === entry.icao);
      if (sameCode) expect(sameCode.codeLetter).toBe(entry.codeLetter);
    }
  });
});

describe('bodies and minimum turnarounds', () => {
  it('takes 35 minutes for a narrow-body, 60 for a wide-body, 25 for a regional aircraft', () => {
    expect(minimumTurnaroundMinutes('320')).toBe(35);
    expect(minimumTurnaroundMinutes('788')).toBe(60);
    expect(minimumTurnaroundMinutes('AT7')).toBe(25);
  });

  it('plans an unknown type as a narrow-body', () => {
    expect(aircraftBody('XYZ')).toBeNull();
    expect(minimumTurnaroundMinutes('XYZ')).toBe(35);
    expect(minimumTurnaroundMinutes(null)).toBe(35);
  });

  it('counts twin-aisle types as wide-bodies, the 757 not', () => {
    expect(isWideBody('310')).toBe(true);
    expect(isWideBody('763')).toBe(true);
    expect(isWideBody('752')).toBe(false);
    expect(isWideBody(null)).toBe(false);
  });
});

describe('compareCodeLetters', () => {
  it('orders A before F', () => {
    expect(compareCodeLetters('C', 'E')).toBeLessThan(0);
    expect(compareCodeLetters('E', 'E')).toBe(0);
    expect(compareCodeLetters('F', 'A')).toBeGreaterThan(0);
  });
});
