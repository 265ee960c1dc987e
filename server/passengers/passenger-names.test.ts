import { describe, expect, it } from 'vitest';
import { familyKey, lastNameMatches, normalizeName } from './passenger-names';

describe('recognising a passenger by last name', () => {
  it('ignores case, accents, punctuation and spacing', () => {
    expect(normalizeName('  Ñúñez-Ortiz ')).toBe('nunez ortiz');
    expect(lastNameMatches('José Núñez', 'NUNEZ')).toBe(true);
    expect(lastNameMatches('José Núñez', ' núñez ')).toBe(true);
  });

  it('takes the family name’s last words, in the airline form too', () => {
    expect(lastNameMatches('Maria de la Cruz', 'Cruz')).toBe(true);
    expect(lastNameMatches('Maria de la Cruz', 'de la cruz')).toBe(true);
    expect(lastNameMatches('Maria de la Cruz', 'la')).toBe(false);
    expect(lastNameMatches('VERMA/ASHA MS', 'Verma')).toBe(true);
    expect(lastNameMatches('VERMA/ASHA MS', 'Asha')).toBe(false);
    expect(familyKey('VERMA/ASHA MS')).toBe('verma');
    expect(familyKey('Maria de la Cruz')).toBe('cruz');
  });

  it('never matches an empty or partial name', () => {
    expect(lastNameMatches('Asha Verma', '')).toBe(false);
    expect(lastNameMatches('Asha Verma', '  -  ')).toBe(false);
    expect(lastNameMatches('Asha Verma', 'Ver')).toBe(false);
    expect(lastNameMatches('Asha Verma', 'Asha Verma Rao')).toBe(false);
  });
});
