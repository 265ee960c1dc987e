/**
 * How a passenger is recognised from a booking reference and a last name. Names in manifests
 * come as "Asha Verma", "Maria de la Cruz" or in the airline form "VERMA/ASHA MS"; passengers
 * type their last name in any case, with or without accents.
 */

/** Case, accents, punctuation and extra spaces removed: "  Ñúñez-Ortiz " → "nunez ortiz". */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a manifest name that make up the family name. */
function familyWords(name: string): string[] {
  const slash = name.indexOf('/');
  // Airline form: the family name comes before the slash.
  const family = slash >= 0 ? name.slice(0, slash) : name;
  return normalizeName(family).split(' ').filter(Boolean);
}

/**
 * Whether `lastName` as a passenger typed it is the last name of `name`: the final words of the
 * family name ("Cruz" and "de la Cruz" both match "Maria de la Cruz").
 */
export function lastNameMatches(name: string, lastName: string): boolean {
  const given = normalizeName(lastName).split(' ').filter(Boolean);
  const family = familyWords(name);
  if (given.length === 0 || given.length > family.length) return false;
  const tail = family.slice(family.length - given.length);
  return tail.every((word, index) => word === given[index]);
}

/** The last word of the family name: with the PNR, the key of a passenger's own settings. */
export function familyKey(name: string): string {
  return familyWords(name).at(-1) ?? '';
}

/** One passenger of a booking, as preferences and push subscriptions are kept. */
export function passengerKey(pnr: string, name: string): string {
  return `${pnr}/${familyKey(name)}`;
}
