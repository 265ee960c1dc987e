/**
 * Aircraft categories for gate planning: the ICAO aerodrome reference code letter (Annex 14,
 * Table 1-1; since the 2018 amendment the letter depends on wingspan alone) and the body, from
 * the IATA aircraft type code (SSIM Appendix A) or, failing that, the ICAO type designator
 * (Doc 8643).
 *
 * The table covers every aeroplane type in OpenFlights' routes.dat (snapshot 2025-04-29) and the
 * current types of planes.dat (A320neo, A350, 737 MAX, 787-9/-10, 747-8, 777X, A220, E2).
 * Helicopters (BH2, S76, NDE) are left out: the code letter is for aeroplanes.
 *
 * Wingspans are the manufacturers' published figures (Airbus "Aircraft Characteristics – Airport
 * and Maintenance Planning", Boeing "Airplane Characteristics for Airport Planning", and the
 * airport planning or type data of ATR, Embraer, Bombardier/De Havilland Canada and the others),
 * in metres to one decimal. Where a variant comes with or without winglets or sharklets, the
 * larger span is used. A family code (737, CRJ, 330, ...) takes its largest member, except 747,
 * which means the 747-100 to -400 (the 747-8 has its own codes 74H, 74N, 748, code letter F).
 * The 777-8/-9 are listed with their wingtips folded (64.8 m; 71.8 m in flight), as on a stand.
 */

export const CODE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number];

/** `regional`: regional jets, turboprops and smaller commuter and light aircraft. */
export type AircraftBody = 'narrow' | 'wide' | 'regional';

export interface AircraftCategory {
  iata: string;
  /** ICAO type designator; null for IATA family and generic codes. */
  icao: string | null;
  name: string;
  wingspanMetres: number;
  codeLetter: CodeLetter;
  body: AircraftBody;
}

/**
 * Minimum turnaround (on-block to off-block) by body. An assumption, not a standard: airlines
 * publish their own minimum ground times per type and station. These are the figures of issue 14
 * (35 minutes for a narrow-body, 60 for a wide-body) and a typical 25 for regional aircraft.
 */
export const MINIMUM_TURNAROUND_MINUTES: Readonly<Record<AircraftBody, number>> = {
  narrow: 35,
  wide: 60,
  regional: 25,
};

/** Unknown types are planned as narrow-bodies, the commonest aircraft at a gate. */
const UNKNOWN_TYPE_BODY: AircraftBody = 'narrow';

/** Upper wingspan bounds (exclusive) of code letters A–F, metres (ICAO Annex 14, Table 1-1). */
const WINGSPAN_BANDS: ReadonlyArray<readonly [CodeLetter, number]> = [
  ['A', 15],
  ['B', 24],
  ['C', 36],
  ['D', 52],
  ['E', 65],
  ['F', 80],
];

export function codeLetterForWingspan(wingspanMetres: number): CodeLetter | null {
  return WINGSPAN_BANDS.find(([, below]) => wingspanMetres < below)?.[0] ?? null;
}

/** Negative when `a` is the smaller letter, 0 when equal, positive when larger. */
export function compareCodeLetters(a: CodeLetter, b: CodeLetter): number {
  return CODE_LETTERS.indexOf(a) - CODE_LETTERS.indexOf(b);
}

type Row = readonly [iata: string, icao: string | null, name: string, span: number, AircraftBody];

// prettier-ignore
const ROWS: readonly Row[] = [
  // Airbus
  ['318', 'A318', 'Airbus A318', 34.1, 'narrow'],
  ['319', 'A319', 'Airbus A319', 35.8, 'narrow'],
  ['320', 'A320', 'Airbus A320', 35.8, 'narrow'],
  ['321', 'A321', 'Airbus A321', 35.8, 'narrow'],
  ['31N', 'A19N', 'Airbus A319neo', 35.8, 'narrow'],
  ['32N', 'A20N', 'Airbus A320neo', 35.8, 'narrow'],
  ['32Q', 'A21N', 'Airbus A321neo', 35.8, 'narrow'],
  ['32A', 'A320', 'Airbus A320 (sharklets)', 35.8, 'narrow'],
  ['32B', 'A321', 'Airbus A321 (sharklets)', 35.8, 'narrow'],
  ['32C', null, 'Airbus A320 family', 35.8, 'narrow'],
  ['32S', null, 'Airbus A318/A319/A320/A321', 35.8, 'narrow'],
  ['221', 'BCS1', 'Airbus A220-100', 35.1, 'narrow'],
  ['223', 'BCS3', 'Airbus A220-300', 35.1, 'narrow'],
  ['CS1', 'BCS1', 'Bombardier CS100 (Airbus A220-100)', 35.1, 'narrow'],
  ['CS3', 'BCS3', 'Bombardier CS300 (Airbus A220-300)', 35.1, 'narrow'],
  ['310', 'A310', 'Airbus A310', 43.9, 'wide'],
  ['313', 'A310', 'Airbus A310-300', 43.9, 'wide'],
  ['AB3', 'A30B', 'Airbus A300', 44.8, 'wide'],
  ['AB4', 'A30B', 'Airbus A300B2/B4', 44.8, 'wide'],
  ['AB6', 'A306', 'Airbus A300-600', 44.8, 'wide'],
  ['330', null, 'Airbus A330', 64.0, 'wide'],
  ['332', 'A332', 'Airbus A330-200', 60.3, 'wide'],
  ['333', 'A333', 'Airbus A330-300', 60.3, 'wide'],
  ['33X', 'A332', 'Airbus A330-200F', 60.3, 'wide'],
  ['338', 'A338', 'Airbus A330-800neo', 64.0, 'wide'],
  ['339', 'A339', 'Airbus A330-900neo', 64.0, 'wide'],
  ['340', null, 'Airbus A340', 63.5, 'wide'],
  ['342', 'A342', 'Airbus A340-200', 60.3, 'wide'],
  ['343', 'A343', 'Airbus A340-300', 60.3, 'wide'],
  ['345', 'A345', 'Airbus A340-500', 63.5, 'wide'],
  ['346', 'A346', 'Airbus A340-600', 63.5, 'wide'],
  ['350', null, 'Airbus A350', 64.8, 'wide'],
  ['359', 'A359', 'Airbus A350-900', 64.8, 'wide'],
  ['351', 'A35K', 'Airbus A350-1000', 64.8, 'wide'],
  ['380', null, 'Airbus A380', 79.8, 'wide'],
  ['388', 'A388', 'Airbus A380-800', 79.8, 'wide'],
  // Boeing
  ['717', 'B712', 'Boeing 717', 28.4, 'narrow'],
  ['727', null, 'Boeing 727', 32.9, 'narrow'],
  ['721', 'B721', 'Boeing 727-100', 32.9, 'narrow'],
  ['722', 'B722', 'Boeing 727-200', 32.9, 'narrow'],
  ['737', null, 'Boeing 737', 35.9, 'narrow'],
  ['732', 'B732', 'Boeing 737-200', 28.4, 'narrow'],
  ['73M', null, 'Boeing 737 (variant)', 35.9, 'narrow'],
  ['733', 'B733', 'Boeing 737-300', 28.9, 'narrow'],
  ['73C', 'B733', 'Boeing 737-300 (winglets)', 31.2, 'narrow'],
  ['73N', 'B733', 'Boeing 737-300 (mixed configuration)', 28.9, 'narrow'],
  ['734', 'B734', 'Boeing 737-400', 28.9, 'narrow'],
  ['73Q', 'B734', 'Boeing 737-400 (mixed configuration)', 28.9, 'narrow'],
  ['735', 'B735', 'Boeing 737-500', 28.9, 'narrow'],
  ['736', 'B736', 'Boeing 737-600', 34.3, 'narrow'],
  ['73G', 'B737', 'Boeing 737-700', 34.3, 'narrow'],
  ['73W', 'B737', 'Boeing 737-700 (winglets)', 35.8, 'narrow'],
  ['73R', 'B737', 'Boeing 737-700 (mixed configuration)', 35.8, 'narrow'],
  ['738', 'B738', 'Boeing 737-800', 34.3, 'narrow'],
  ['73H', 'B738', 'Boeing 737-800 (winglets)', 35.8, 'narrow'],
  ['739', 'B739', 'Boeing 737-900', 34.3, 'narrow'],
  ['73J', 'B739', 'Boeing 737-900 (winglets)', 35.8, 'narrow'],
  ['7M7', 'B37M', 'Boeing 737 MAX 7', 35.9, 'narrow'],
  ['7M8', 'B38M', 'Boeing 737 MAX 8', 35.9, 'narrow'],
  ['7M9', 'B39M', 'Boeing 737 MAX 9', 35.9, 'narrow'],
  ['7MJ', 'B3XM', 'Boeing 737 MAX 10', 35.9, 'narrow'],
  ['747', null, 'Boeing 747 (-100 to -400)', 64.4, 'wide'],
  ['741', 'B741', 'Boeing 747-100', 59.6, 'wide'],
  ['742', 'B742', 'Boeing 747-200', 59.6, 'wide'],
  ['743', 'B743', 'Boeing 747-300', 59.6, 'wide'],
  ['744', 'B744', 'Boeing 747-400', 64.4, 'wide'],
  ['74E', 'B744', 'Boeing 747-400 (mixed configuration)', 64.4, 'wide'],
  ['74Y', 'B744', 'Boeing 747-400F', 64.4, 'wide'],
  ['74J', 'B74D', 'Boeing 747-400D', 59.6, 'wide'],
  ['74L', 'B74S', 'Boeing 747SP', 59.6, 'wide'],
  ['74R', 'B74R', 'Boeing 747SR', 59.6, 'wide'],
  ['74M', null, 'Boeing 747 (mixed configuration)', 64.4, 'wide'],
  ['748', 'B748', 'Boeing 747-8', 68.4, 'wide'],
  ['74H', 'B748', 'Boeing 747-8I', 68.4, 'wide'],
  ['74N', 'B748', 'Boeing 747-8F', 68.4, 'wide'],
  ['757', null, 'Boeing 757', 41.1, 'narrow'],
  ['752', 'B752', 'Boeing 757-200', 38.1, 'narrow'],
  ['75W', 'B752', 'Boeing 757-200 (winglets)', 41.1, 'narrow'],
  ['753', 'B753', 'Boeing 757-300', 38.1, 'narrow'],
  ['75T', 'B753', 'Boeing 757-300 (winglets)', 41.1, 'narrow'],
  ['767', null, 'Boeing 767', 51.9, 'wide'],
  ['762', 'B762', 'Boeing 767-200', 47.6, 'wide'],
  ['763', 'B763', 'Boeing 767-300', 47.6, 'wide'],
  ['76W', 'B763', 'Boeing 767-300 (winglets)', 49.9, 'wide'],
  ['76F', null, 'Boeing 767 Freighter', 47.6, 'wide'],
  ['764', 'B764', 'Boeing 767-400', 51.9, 'wide'],
  ['777', null, 'Boeing 777', 64.8, 'wide'],
  ['772', 'B772', 'Boeing 777-200', 60.9, 'wide'],
  ['773', 'B773', 'Boeing 777-300', 60.9, 'wide'],
  ['77L', 'B77L', 'Boeing 777-200LR', 64.8, 'wide'],
  ['77X', 'B77L', 'Boeing 777-200F', 64.8, 'wide'],
  ['77W', 'B77W', 'Boeing 777-300ER', 64.8, 'wide'],
  ['778', 'B778', 'Boeing 777-8', 64.8, 'wide'],
  ['779', 'B779', 'Boeing 777-9', 64.8, 'wide'],
  ['787', null, 'Boeing 787', 60.1, 'wide'],
  ['788', 'B788', 'Boeing 787-8', 60.1, 'wide'],
  ['789', 'B789', 'Boeing 787-9', 60.1, 'wide'],
  ['78J', 'B78X', 'Boeing 787-10', 60.1, 'wide'],
  // Douglas and McDonnell Douglas
  ['DC9', null, 'Douglas DC-9', 28.5, 'narrow'],
  ['D91', 'DC91', 'Douglas DC-9-10', 27.3, 'narrow'],
  ['D92', 'DC92', 'Douglas DC-9-20', 28.5, 'narrow'],
  ['D93', 'DC93', 'Douglas DC-9-30', 28.5, 'narrow'],
  ['D94', 'DC94', 'Douglas DC-9-40', 28.5, 'narrow'],
  ['D95', 'DC95', 'Douglas DC-9-50', 28.5, 'narrow'],
  ['M80', null, 'McDonnell Douglas MD-80', 32.9, 'narrow'],
  ['M81', 'MD81', 'McDonnell Douglas MD-81', 32.9, 'narrow'],
  ['M82', 'MD82', 'McDonnell Douglas MD-82', 32.9, 'narrow'],
  ['M83', 'MD83', 'McDonnell Douglas MD-83', 32.9, 'narrow'],
  ['M87', 'MD87', 'McDonnell Douglas MD-87', 32.9, 'narrow'],
  ['M88', 'MD88', 'McDonnell Douglas MD-88', 32.9, 'narrow'],
  ['M90', 'MD90', 'McDonnell Douglas MD-90', 32.9, 'narrow'],
  ['D10', 'DC10', 'Douglas DC-10', 50.4, 'wide'],
  ['D1C', 'DC10', 'Douglas DC-10-30/40', 50.4, 'wide'],
  ['M11', 'MD11', 'McDonnell Douglas MD-11', 51.8, 'wide'],
  ['M1F', 'MD11', 'McDonnell Douglas MD-11F', 51.8, 'wide'],
  // Embraer
  ['EMB', 'E110', 'Embraer EMB 110 Bandeirante', 15.3, 'regional'],
  ['EM2', 'E120', 'Embraer EMB 120 Brasilia', 19.8, 'regional'],
  ['ERJ', null, 'Embraer ERJ 135/140/145', 20.0, 'regional'],
  ['ER3', 'E135', 'Embraer ERJ 135', 20.0, 'regional'],
  ['ERD', 'E135', 'Embraer ERJ 140', 20.0, 'regional'],
  ['ER4', 'E145', 'Embraer ERJ 145', 20.0, 'regional'],
  ['EMJ', null, 'Embraer 170/175/190/195', 28.7, 'regional'],
  ['E70', 'E170', 'Embraer 170', 26.0, 'regional'],
  ['E75', 'E170', 'Embraer 175', 26.0, 'regional'],
  ['E90', 'E190', 'Embraer 190', 28.7, 'regional'],
  ['E95', 'E195', 'Embraer 195', 28.7, 'regional'],
  ['290', 'E290', 'Embraer 190-E2', 33.7, 'regional'],
  ['295', 'E295', 'Embraer 195-E2', 35.1, 'regional'],
  // Bombardier, Canadair, De Havilland Canada
  ['CRJ', null, 'Bombardier CRJ', 26.2, 'regional'],
  ['CR1', 'CRJ1', 'Bombardier CRJ100', 21.2, 'regional'],
  ['CR2', 'CRJ2', 'Bombardier CRJ200', 21.2, 'regional'],
  ['CR7', 'CRJ7', 'Bombardier CRJ700', 23.2, 'regional'],
  ['CR9', 'CRJ9', 'Bombardier CRJ900', 24.9, 'regional'],
  ['CRA', 'CRJ9', 'Bombardier CRJ705', 24.9, 'regional'],
  ['CRK', 'CRJX', 'Bombardier CRJ1000', 26.2, 'regional'],
  ['DH8', null, 'De Havilland Canada Dash 8', 28.4, 'regional'],
  ['DH1', 'DH8A', 'De Havilland Canada Dash 8-100', 25.9, 'regional'],
  ['DH2', 'DH8B', 'De Havilland Canada Dash 8-200', 25.9, 'regional'],
  ['DH3', 'DH8C', 'De Havilland Canada Dash 8-300', 27.4, 'regional'],
  ['DH4', 'DH8D', 'De Havilland Canada Dash 8-400 (Q400)', 28.4, 'regional'],
  ['DH7', 'DHC7', 'De Havilland Canada Dash 7', 28.4, 'regional'],
  ['DHT', 'DHC6', 'De Havilland Canada DHC-6 Twin Otter', 19.8, 'regional'],
  ['DHL', 'DH3T', 'De Havilland Canada DHC-3 Turbo Otter', 17.7, 'regional'],
  ['DHP', 'DHC2', 'De Havilland Canada DHC-2 Beaver', 14.6, 'regional'],
  // ATR, Fokker, BAe and Avro
  ['ATR', null, 'ATR 42/72', 27.1, 'regional'],
  ['AT4', 'AT43', 'ATR 42-300/320', 24.6, 'regional'],
  ['AT5', 'AT45', 'ATR 42-500', 24.6, 'regional'],
  ['AT7', 'AT72', 'ATR 72', 27.1, 'regional'],
  ['F27', 'F27', 'Fokker F27 Friendship', 29.0, 'regional'],
  ['F50', 'F50', 'Fokker 50', 29.0, 'regional'],
  ['F28', 'F28', 'Fokker F28 Fellowship', 25.1, 'regional'],
  ['F70', 'F70', 'Fokker 70', 28.1, 'regional'],
  ['100', 'F100', 'Fokker 100', 28.1, 'regional'],
  ['146', null, 'BAe 146', 26.3, 'regional'],
  ['141', 'B461', 'BAe 146-100', 26.3, 'regional'],
  ['142', 'B462', 'BAe 146-200', 26.3, 'regional'],
  ['143', 'B463', 'BAe 146-300', 26.3, 'regional'],
  ['ARJ', null, 'Avro RJ', 26.3, 'regional'],
  ['AR7', 'RJ70', 'Avro RJ70', 26.3, 'regional'],
  ['AR8', 'RJ85', 'Avro RJ85', 26.3, 'regional'],
  ['AR1', 'RJ1H', 'Avro RJ100', 26.3, 'regional'],
  ['ATP', 'ATP', 'BAe ATP', 30.6, 'regional'],
  ['J31', 'JS31', 'BAe Jetstream 31', 15.9, 'regional'],
  ['J32', 'JS32', 'BAe Jetstream 32', 15.9, 'regional'],
  ['J41', 'JS41', 'BAe Jetstream 41', 18.4, 'regional'],
  // Saab, Dornier, Let, Shorts, Fairchild
  ['SF3', 'SF34', 'Saab 340', 21.4, 'regional'],
  ['SFB', 'SF34', 'Saab 340B', 21.4, 'regional'],
  ['S20', 'SB20', 'Saab 2000', 24.8, 'regional'],
  ['D28', 'D228', 'Dornier 228', 17.0, 'regional'],
  ['D38', 'D328', 'Dornier 328', 21.0, 'regional'],
  ['FRJ', 'J328', 'Fairchild Dornier 328JET', 21.0, 'regional'],
  ['L4T', 'L410', 'Let L-410 Turbolet', 20.0, 'regional'],
  ['SH6', 'SH36', 'Shorts 360', 22.8, 'regional'],
  ['SWM', null, 'Fairchild Swearingen Metro/Merlin', 17.4, 'regional'],
  // Light aircraft (family codes take the largest common member)
  ['BEH', 'B190', 'Beechcraft 1900D', 17.7, 'regional'],
  ['BE1', 'B190', 'Beechcraft 1900', 17.7, 'regional'],
  ['BE9', 'BE99', 'Beechcraft C99', 14.0, 'regional'],
  ['BET', null, 'Beechcraft twin turboprop (King Air)', 17.7, 'regional'],
  ['BEC', null, 'Beechcraft light aircraft', 17.7, 'regional'],
  ['CN1', null, 'Cessna single piston', 11.2, 'regional'],
  ['CN2', null, 'Cessna twin piston', 13.5, 'regional'],
  ['CNC', null, 'Cessna 208 Caravan', 15.9, 'regional'],
  ['CNT', null, 'Cessna twin turboprop', 15.0, 'regional'],
  ['CNA', null, 'Cessna light aircraft', 15.9, 'regional'],
  ['CNJ', null, 'Cessna Citation', 19.4, 'regional'],
  ['PA1', null, 'Piper single piston', 13.1, 'regional'],
  ['PA2', 'PA31', 'Piper PA-31 Navajo', 12.4, 'regional'],
  ['PAG', 'PA46', 'Piper PA-46', 13.1, 'regional'],
  ['PL2', 'PC12', 'Pilatus PC-12', 16.3, 'regional'],
  ['BNI', 'BN2P', 'Britten-Norman Islander', 14.9, 'regional'],
  ['BNT', 'TRIS', 'Britten-Norman Trislander', 16.2, 'regional'],
  // Antonov, Ilyushin, Tupolev, Yakovlev, Sukhoi, Chinese types
  ['AN4', 'AN24', 'Antonov An-24', 29.2, 'regional'],
  ['A40', 'A140', 'Antonov An-140', 24.5, 'regional'],
  ['A58', null, 'Antonov An-158', 28.9, 'regional'],
  ['A81', 'A148', 'Antonov An-148', 28.9, 'regional'],
  ['I14', 'I114', 'Ilyushin Il-114', 30.0, 'regional'],
  ['IL9', 'IL96', 'Ilyushin Il-96', 57.7, 'wide'],
  ['T20', 'T204', 'Tupolev Tu-204', 41.8, 'narrow'],
  ['TU3', 'T134', 'Tupolev Tu-134', 29.0, 'narrow'],
  ['TU5', 'T154', 'Tupolev Tu-154', 37.6, 'narrow'],
  ['YK2', 'YK42', 'Yakovlev Yak-42', 34.9, 'narrow'],
  ['YK4', 'YK40', 'Yakovlev Yak-40', 25.0, 'regional'],
  ['SU9', 'SU95', 'Sukhoi Superjet 100', 27.8, 'regional'],
  ['C27', 'AJ27', 'Comac ARJ21', 27.3, 'regional'],
  ['MA6', 'MA60', 'Xian MA60', 29.2, 'regional'],
  ['YN7', null, 'Xian Y-7', 29.2, 'regional'],
  ['YN2', 'Y12', 'Harbin Y-12', 17.2, 'regional'],
];

function toCategory([iata, icao, name, wingspanMetres, body]: Row): AircraftCategory {
  const codeLetter = codeLetterForWingspan(wingspanMetres);
  if (!codeLetter) throw new Error(`${iata}: wingspan ${wingspanMetres} m has no code letter`);
  return { iata, icao, name, wingspanMetres, codeLetter, body };
}

export const AIRCRAFT_CATEGORIES: readonly AircraftCategory[] = ROWS.map(toCategory);

const byIata = new Map(AIRCRAFT_CATEGORIES.map((entry) => [entry.iata, entry]));
const byIcao = new Map<string, AircraftCategory>();
for (const entry of AIRCRAFT_CATEGORIES) {
  if (entry.icao && !byIcao.has(entry.icao)) byIcao.set(entry.icao, entry);
}

/** The category of an IATA type code ("320") or ICAO designator ("A320"); null when unknown. */
export function aircraftCategory(type: string | null | undefined): AircraftCategory | null {
  if (!type) return null;
  const code = type.trim().toUpperCase();
  return byIata.get(code) ?? byIcao.get(code) ?? null;
}

export function codeLetterFor(type: string | null | undefined): CodeLetter | null {
  return aircraftCategory(type)?.codeLetter ?? null;
}

export function aircraftBody(type: string | null | undefined): AircraftBody | null {
  return aircraftCategory(type)?.body ?? null;
}

export function isWideBody(type: string | null | undefined): boolean {
  return aircraftBody(type) === 'wide';
}

/** Minutes from on-block to the earliest off-block; unknown types count as narrow-bodies. */
export function minimumTurnaroundMinutes(type: string | null | undefined): number {
  return MINIMUM_TURNAROUND_MINUTES[aircraftBody(type) ?? UNKNOWN_TYPE_BODY];
}
