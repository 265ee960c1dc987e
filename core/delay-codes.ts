/**
 * IATA standard delay codes (Airport Handling Manual, AHM 730), numeric form.
 * Airline-internal codes 01–05 are deliberately absent: their meaning differs per carrier.
 */
export interface DelayCode {
  code: string;
  /** Two-letter alpha code of AHM 730. */
  alpha: string;
  group: string;
  meaning: string;
}

const table: Array<[string, string, string, string]> = [
  ['06', 'OA', 'Others', 'No gate or stand available due to own airline activity'],
  ['09', 'SG', 'Others', 'Scheduled ground time less than declared minimum ground time'],
  ['11', 'PD', 'Passenger and baggage', 'Late check-in, acceptance after deadline'],
  ['12', 'PL', 'Passenger and baggage', 'Late check-in, congestion in check-in area'],
  ['13', 'PE', 'Passenger and baggage', 'Check-in error, passenger and baggage'],
  ['14', 'PO', 'Passenger and baggage', 'Oversales, booking errors'],
  [
    '15',
    'PH',
    'Passenger and baggage',
    'Boarding, discrepancies and paging, missing checked-in passenger',
  ],
  ['16', 'PS', 'Passenger and baggage', 'Commercial publicity, passenger convenience, VIP, press'],
  [
    '17',
    'PC',
    'Passenger and baggage',
    'Catering order, late or incorrect order given to supplier',
  ],
  ['18', 'PB', 'Passenger and baggage', 'Baggage processing, sorting'],
  [
    '19',
    'PW',
    'Passenger and baggage',
    'Boarding or deboarding of passengers with reduced mobility',
  ],
  ['21', 'CD', 'Cargo and mail', 'Cargo documentation errors'],
  ['22', 'CP', 'Cargo and mail', 'Late positioning of cargo'],
  ['23', 'CC', 'Cargo and mail', 'Late acceptance of cargo'],
  ['24', 'CI', 'Cargo and mail', 'Inadequate packing of cargo'],
  ['25', 'CO', 'Cargo and mail', 'Cargo oversales, booking errors'],
  ['26', 'CU', 'Cargo and mail', 'Late preparation in warehouse'],
  ['27', 'CE', 'Cargo and mail', 'Mail documentation, packing'],
  ['28', 'CL', 'Cargo and mail', 'Late positioning of mail'],
  ['29', 'CA', 'Cargo and mail', 'Late acceptance of mail'],
  [
    '31',
    'GD',
    'Aircraft and ramp handling',
    'Aircraft documentation late or inaccurate, weight and balance, manifest',
  ],
  [
    '32',
    'GL',
    'Aircraft and ramp handling',
    'Loading or unloading, bulky or special load, lack of loading staff',
  ],
  ['33', 'GE', 'Aircraft and ramp handling', 'Loading equipment lacking or broken down'],
  [
    '34',
    'GS',
    'Aircraft and ramp handling',
    'Servicing equipment lacking or broken down, e.g. steps',
  ],
  ['35', 'GC', 'Aircraft and ramp handling', 'Aircraft cleaning'],
  ['36', 'GF', 'Aircraft and ramp handling', 'Fuelling or defuelling, fuel supplier'],
  ['37', 'GB', 'Aircraft and ramp handling', 'Catering, late delivery or loading'],
  ['38', 'GU', 'Aircraft and ramp handling', 'ULD lacking or unserviceable'],
  [
    '39',
    'GT',
    'Aircraft and ramp handling',
    'Technical equipment lacking or broken down, e.g. pushback',
  ],
  ['41', 'TD', 'Technical', 'Aircraft defects'],
  ['42', 'TM', 'Technical', 'Scheduled maintenance, late release'],
  ['43', 'TN', 'Technical', 'Non-scheduled maintenance, special checks or additional works'],
  ['44', 'TS', 'Technical', 'Spares and maintenance equipment lacking or broken down'],
  ['45', 'TA', 'Technical', 'AOG spares to be carried to another station'],
  ['46', 'TC', 'Technical', 'Aircraft change for technical reasons'],
  [
    '47',
    'TL',
    'Technical',
    'Standby aircraft, lack of planned standby aircraft for technical reasons',
  ],
  ['48', 'TV', 'Technical', 'Scheduled cabin configuration or version adjustments'],
  [
    '51',
    'DF',
    'Damage and systems',
    'Damage during flight operations: bird or lightning strike, turbulence, heavy landing',
  ],
  [
    '52',
    'DG',
    'Damage and systems',
    'Damage during ground operations: collision, loading damage, towing, weather',
  ],
  ['55', 'ED', 'Damage and systems', 'Departure control system failure'],
  ['56', 'EC', 'Damage and systems', 'Cargo preparation or documentation system failure'],
  ['57', 'EF', 'Damage and systems', 'Flight plan system failure'],
  ['58', 'EO', 'Damage and systems', 'Other automated system failure'],
  [
    '61',
    'FP',
    'Flight operations and crew',
    'Flight plan, late completion or change of flight documentation',
  ],
  ['62', 'FF', 'Flight operations and crew', 'Operational requirements, fuel, load alteration'],
  [
    '63',
    'FT',
    'Flight operations and crew',
    'Late crew boarding or departure procedures (flight deck or entire crew)',
  ],
  [
    '64',
    'FS',
    'Flight operations and crew',
    'Flight deck crew shortage, sickness, awaiting standby, flight time limits',
  ],
  [
    '65',
    'FR',
    'Flight operations and crew',
    'Flight deck crew special request, not within operational requirements',
  ],
  ['66', 'FL', 'Flight operations and crew', 'Late cabin crew boarding or departure procedures'],
  [
    '67',
    'FC',
    'Flight operations and crew',
    'Cabin crew shortage, sickness, awaiting standby, flight time limits',
  ],
  [
    '68',
    'FA',
    'Flight operations and crew',
    'Cabin crew error or special request, not within operational requirements',
  ],
  ['69', 'FB', 'Flight operations and crew', 'Captain request for security check, extraordinary'],
  ['71', 'WO', 'Weather', 'Weather at departure station'],
  ['72', 'WT', 'Weather', 'Weather at destination station'],
  ['73', 'WR', 'Weather', 'Weather en route or at alternate'],
  ['75', 'WI', 'Weather', 'De-icing of aircraft'],
  ['76', 'WS', 'Weather', 'Removal of snow, ice, water or sand from airport'],
  ['77', 'WG', 'Weather', 'Ground handling impaired by adverse weather'],
  ['81', 'AT', 'Air traffic flow management', 'ATFM due to ATC en-route demand or capacity'],
  [
    '82',
    'AX',
    'Air traffic flow management',
    'ATFM due to ATC staff or equipment en route, industrial action',
  ],
  ['83', 'AE', 'Air traffic flow management', 'ATFM due to restriction at destination airport'],
  ['84', 'AW', 'Air traffic flow management', 'ATFM due to weather at destination'],
  ['85', 'AS', 'Airport and authorities', 'Mandatory security'],
  ['86', 'AG', 'Airport and authorities', 'Immigration, customs, health'],
  [
    '87',
    'AF',
    'Airport and authorities',
    'Airport facilities: stands, ramp congestion, lighting, gate limitations',
  ],
  [
    '88',
    'AD',
    'Airport and authorities',
    'Restrictions at airport of destination: closure, curfew, industrial action',
  ],
  [
    '89',
    'AM',
    'Airport and authorities',
    'Restrictions at airport of departure, start-up and pushback, ATS',
  ],
  ['91', 'RL', 'Reactionary', 'Load connection, awaiting load from another flight'],
  ['92', 'RT', 'Reactionary', 'Through check-in error, passenger and baggage'],
  [
    '93',
    'RA',
    'Reactionary',
    'Aircraft rotation, late arrival from another flight or previous sector',
  ],
  ['94', 'RS', 'Reactionary', 'Cabin crew rotation, awaiting cabin crew from another flight'],
  [
    '95',
    'RC',
    'Reactionary',
    'Crew rotation, awaiting flight deck or entire crew from another flight',
  ],
  [
    '96',
    'RO',
    'Reactionary',
    'Operations control: re-routing, diversion, consolidation, aircraft change',
  ],
  ['97', 'MI', 'Miscellaneous', 'Industrial action within own airline'],
  ['98', 'MO', 'Miscellaneous', 'Industrial action outside own airline, excluding ATS'],
  ['99', 'MX', 'Miscellaneous', 'Other reason, not matching any code above'],
];

export const DELAY_CODES: readonly DelayCode[] = table.map(([code, alpha, group, meaning]) => ({
  code,
  alpha,
  group,
  meaning,
}));

const byCode = new Map(DELAY_CODES.map((entry) => [entry.code, entry]));

export function findDelayCode(code: string): DelayCode | undefined {
  return byCode.get(code);
}

export function isDelayCode(code: string): boolean {
  return byCode.has(code);
}

/** The AHM 730 groups in list order (passenger and baggage, cargo, ..., miscellaneous). */
export const DELAY_CODE_GROUPS: readonly string[] = [
  ...new Set(DELAY_CODES.map((entry) => entry.group)),
];
