import { describe, expect, it } from 'vitest';
import {
  carrierRecord,
  fillerRecord,
  headerRecord,
  legRecord,
  segmentRecord,
  ssimFile,
  trailerRecord,
  type LegFields,
} from '../../test-support/ssim-record-builder';
import { readSsim } from './ssim-reader';

const DEL_BOM: LegFields = {
  airline: '6E',
  flightNumber: 2134,
  origin: 'DEL',
  departure: '0610',
  destination: 'BOM',
  arrival: '0820',
};

/** A file with header, one carrier (time mode L unless given) and these records, for DEL. */
function file(records: string[], timeMode = 'L', airline = '6E'): string {
  return ssimFile([
    headerRecord(),
    carrierRecord({ airline, timeMode }),
    ...records,
    trailerRecord(airline),
  ]);
}

const read = (text: string, airport = 'DEL') => readSsim(text, { airport });

// ssimFile puts the header on line 1, four fillers, the carrier on line 6, four fillers: the
// first record given to file() is on line 11.
const FIRST = 11;

describe('readSsim', () => {
  it('reads every field of a flight leg record', async () => {
    const result = await read(
      file([
        legRecord({
          ...DEL_BOM,
          suffix: 'A',
          serviceType: 'J',
          from: '25OCT26',
          to: '27MAR27',
          days: '1 3 5 7',
          departureTerminal: '1',
          arrivalTerminal: '2',
          aircraftType: '32N',
          onward: { airline: '6E', flightNumber: 2135 },
        }),
      ]),
    );
    expect(result.errors).toEqual([]);
    expect(result.legs).toEqual([
      {
        line: FIRST,
        airline: '6E',
        flightNumber: '2134',
        suffix: 'A',
        legSequence: 1,
        serviceType: 'J',
        origin: 'DEL',
        destination: 'BOM',
        departureTime: '06:10',
        departureUtcOffset: 330,
        arrivalTime: '08:20',
        arrivalUtcOffset: 330,
        arrivalDayOffset: 0,
        from: '2026-10-25',
        to: '2027-03-27',
        days: [1, 3, 5, 7],
        frequencyRate: 1,
        aircraftType: '32N',
        terminals: { departure: '1', arrival: '2' },
        onward: { airline: '6E', flightNumber: '2135', suffix: '', layoverDays: 0 },
        codeshares: [],
      },
    ]);
    expect(result).toMatchObject({
      skipped: 0,
      errorCount: 0,
      inferredNextDay: 0,
      period: { from: '2026-10-25', to: '2027-03-27' },
      airlines: ['6E'],
    });
  });

  it('skips and counts legs that neither leave nor reach this airport, and filler records', async () => {
    const text = file([
      legRecord({ ...DEL_BOM, flightNumber: 1 }),
      fillerRecord(),
      ' '.repeat(200),
      '',
      legRecord({ ...DEL_BOM, flightNumber: 2, origin: 'BOM', destination: 'BLR' }),
      legRecord({ ...DEL_BOM, flightNumber: 3, origin: 'BOM', destination: 'DEL' }),
    ]);
    const result = await read(text);
    expect(result.errors).toEqual([]);
    expect(result.legs.map((l) => l.flightNumber)).toEqual(['1', '3']);
    expect(result.skipped).toBe(1);
    // A skipped leg is not read further: garbage in it is no error.
    const garbage = legRecord({ ...DEL_BOM, origin: 'BOM', destination: 'BLR', from: 'XXXXXXX' });
    expect((await read(file([garbage]))).errorCount).toBe(0);
  });

  it('reads CRLF line ends and 200-byte records without any line break', async () => {
    const records = [headerRecord(), carrierRecord({ airline: '6E' }), legRecord(DEL_BOM)];
    const crlf = await read(records.join('\r\n'));
    expect(crlf.legs).toHaveLength(1);
    const unbroken = await read(records.join(''));
    expect(unbroken.legs).toMatchObject([{ line: 3, departureTime: '06:10' }]);
  });

  it('converts UTC times (time mode U) to local, moving the dates with them', async () => {
    // 20:00 UTC on Mondays is 01:30 on Tuesdays in Delhi.
    const result = await read(
      file(
        [
          legRecord({
            ...DEL_BOM,
            days: '1',
            departure: '2000',
            arrival: '2210',
            from: '26OCT26',
            to: '22MAR27',
          }),
        ],
        'U',
      ),
    );
    expect(result.legs[0]).toMatchObject({
      departureTime: '01:30',
      arrivalTime: '03:40',
      arrivalDayOffset: 0,
      days: [2],
      from: '2026-10-27',
      to: '2027-03-23',
    });
  });

  it('reads negative UTC variations and date variation A (the day before)', async () => {
    // Tokyo 00:30 (+0900) to Honolulu (-1000) lands at 12:30 the day before, local time.
    const result = await read(
      file(
        [
          legRecord({
            airline: 'JL',
            flightNumber: 784,
            origin: 'NRT',
            departure: '0030',
            departureVariation: '+0900',
            destination: 'HNL',
            arrival: '1230',
            arrivalVariation: '-1000',
            dateVariation: '0A',
          }),
        ],
        'L',
        'JL',
      ),
      'HNL',
    );
    expect(result.errors).toEqual([]);
    expect(result.legs[0]).toMatchObject({
      departureUtcOffset: 540,
      arrivalUtcOffset: -600,
      arrivalDayOffset: -1,
    });
  });

  it('reads an explicit next-day arrival', async () => {
    const result = await read(
      file([
        legRecord({
          ...DEL_BOM,
          destination: 'LHR',
          departure: '2300',
          arrival: '0345',
          arrivalVariation: '+0000',
          dateVariation: '01',
        }),
      ]),
    );
    expect(result.legs[0]).toMatchObject({ arrivalDayOffset: 1 });
    expect(result.inferredNextDay).toBe(0);
  });

  it('infers the next day when a blank date variation would land before take-off, and counts it', async () => {
    // 23:30 in Delhi is 18:00 UTC; 01:45 in Dubai (+0400) on the same date would be 21:45 UTC
    // the day before.
    const overnight = legRecord({
      ...DEL_BOM,
      destination: 'DXB',
      departure: '2330',
      arrival: '0145',
      arrivalVariation: '+0400',
    });
    const result = await read(file([overnight, legRecord(DEL_BOM)]));
    expect(result.legs[0]).toMatchObject({ arrivalTime: '01:45', arrivalDayOffset: 1 });
    expect(result.legs[1]).toMatchObject({ arrivalDayOffset: 0 });
    expect(result.inferredNextDay).toBe(1);
  });

  it('counts a blank arrival date variation from the departure day of a later leg', async () => {
    // Departs the day after the flight date (23:30), lands at 01:45 the day after that.
    const result = await read(
      file([
        legRecord({
          ...DEL_BOM,
          destination: 'DXB',
          departure: '2330',
          arrival: '0145',
          arrivalVariation: '+0400',
          dateVariation: '1 ',
        }),
      ]),
    );
    expect(result.errors).toEqual([]);
    expect(result.legs[0]).toMatchObject({ from: '2026-10-26', arrivalDayOffset: 1 });
    expect(result.inferredNextDay).toBe(1);
  });

  it('refuses an explicit same-day arrival before the departure', async () => {
    const result = await read(
      file([
        legRecord({
          ...DEL_BOM,
          destination: 'DXB',
          departure: '2330',
          arrival: '0145',
          arrivalVariation: '+0400',
          dateVariation: '00',
        }),
      ]),
    );
    expect(result.errors).toEqual([
      {
        line: FIRST,
        message: `line ${FIRST}: the arrival is not after the departure: check the times, UTC variations and date variations`,
      },
    ]);
  });

  it('reads the open end 00XXX00 as a period without end', async () => {
    const result = await read(file([legRecord({ ...DEL_BOM, to: '00XXX00' })]));
    expect(result.legs[0]?.to).toBeNull();
    expect(result.period).toEqual({ from: '2026-10-25', to: null });
  });

  it('reads the frequency rate', async () => {
    const result = await read(file([legRecord({ ...DEL_BOM, frequencyRate: '2' })]));
    expect(result.legs[0]?.frequencyRate).toBe(2);
    const bad = await read(file([legRecord({ ...DEL_BOM, frequencyRate: '3' })]));
    expect(bad.errors[0]?.message).toBe(`line ${FIRST}: frequency rate "3" is not blank, 1 or 2`);
  });

  it('keeps the legs of a multi-leg flight that touch this airport, each with its own dates', async () => {
    // AI 102 JFK 22:00 (Mon/Wed) - DEL 22:30 next day; DEL 00:30 two days after the flight date - BOM.
    const legs = [
      legRecord({
        airline: 'AI',
        flightNumber: 102,
        days: '1 3',
        from: '26OCT26',
        to: '22MAR27',
        origin: 'JFK',
        departure: '2200',
        departureVariation: '-0500',
        destination: 'DEL',
        arrival: '2230',
        arrivalVariation: '+0530',
        dateVariation: '01',
        aircraftType: '77W',
      }),
      legRecord({
        airline: 'AI',
        flightNumber: 102,
        legSequence: 2,
        days: '1 3',
        from: '26OCT26',
        to: '22MAR27',
        origin: 'DEL',
        departure: '0030',
        destination: 'BOM',
        arrival: '0245',
        dateVariation: '22',
        aircraftType: '77W',
      }),
    ];
    const atDelhi = await read(file(legs, 'L', 'AI'));
    expect(atDelhi.errors).toEqual([]);
    expect(atDelhi.legs).toMatchObject([
      {
        legSequence: 1,
        origin: 'JFK',
        destination: 'DEL',
        arrivalDayOffset: 1,
        days: [1, 3],
        from: '2026-10-26',
      },
      {
        legSequence: 2,
        origin: 'DEL',
        destination: 'BOM',
        arrivalDayOffset: 0,
        days: [3, 5],
        from: '2026-10-28',
        to: '2027-03-24',
      },
    ]);
    const atMumbai = await read(file(legs, 'L', 'AI'), 'BOM');
    expect(atMumbai.legs.map((l) => l.legSequence)).toEqual([2]);
    expect(atMumbai.skipped).toBe(1);
  });

  it('takes codeshares (DEI 10), terminals (DEI 98/99) and codeshare duplicates (DEI 50) from segment records', async () => {
    const text = ssimFile([
      headerRecord(),
      carrierRecord({ airline: '6E' }),
      legRecord(DEL_BOM),
      segmentRecord({
        airline: '6E',
        flightNumber: 2134,
        dei: 10,
        boardPoint: 'DEL',
        offPoint: 'BOM',
        data: 'QR 4512/TK 8273',
      }),
      segmentRecord({
        airline: '6E',
        flightNumber: 2134,
        dei: 99,
        boardPoint: 'DEL',
        offPoint: 'BOM',
        data: 'T1',
      }),
      trailerRecord('6E'),
      carrierRecord({ airline: 'AF' }),
      legRecord({ ...DEL_BOM, airline: 'AF', flightNumber: 9345 }),
      segmentRecord({
        airline: 'AF',
        flightNumber: 9345,
        dei: 50,
        boardPoint: 'DEL',
        offPoint: 'BOM',
        data: '6E 2134',
      }),
      trailerRecord('AF'),
    ]);
    const result = await read(text);
    expect(result.errors).toEqual([]);
    expect(result.legs).toHaveLength(1);
    expect(result.legs[0]).toMatchObject({
      codeshares: ['QR 4512', 'TK 8273', 'AF 9345'],
      terminals: { departure: 'T1', arrival: null },
    });
    expect(result.codeshareLegs).toBe(1);
    expect(result.airlines).toEqual(['6E', 'AF']);
  });

  it('refuses a bad line with its line number, naming the problem', async () => {
    const result = await read(
      file([legRecord(DEL_BOM), legRecord({ ...DEL_BOM, flightNumber: 2, from: '31FEB27' })]),
    );
    expect(result.errors).toEqual([
      {
        line: FIRST + 1,
        message: `line ${FIRST + 1}: period of operation starts "31FEB27", not a date like 27OCT26`,
      },
    ]);
    expect(result.errorCount).toBe(1);
  });

  it('refuses an unknown airport in a leg that concerns this airport', async () => {
    const result = await read(file([legRecord({ ...DEL_BOM, destination: 'QQQ' })]));
    expect(result.errors).toEqual([
      { line: FIRST, message: `line ${FIRST}: unknown airport "QQQ" as destination` },
    ]);
  });

  it('names each broken field', async () => {
    const broken = legRecord({
      ...DEL_BOM,
      days: '1 3 4  ',
      departure: '2575',
      arrivalVariation: '+05X0',
      dateVariation: '0Z',
      aircraftType: '3*0',
    });
    const result = await read(file([broken]));
    expect(result.errors.map((e) => e.message)).toEqual([
      `line ${FIRST}: days of operation "1 3 4  ": day n must stand at position n, e.g. "1 3 5 7"`,
      `line ${FIRST}: departure time "2575" is not a time HHMM`,
      `line ${FIRST}: UTC variation at arrival "+05X0" is not like -0330`,
      `line ${FIRST}: date variation "0Z" (columns 193-194) is not 0-9, A or blank`,
      `line ${FIRST}: aircraft type "3*0" is not an IATA type code like 320`,
    ]);
  });

  it('refuses lines that are no SSIM records, and an unknown time mode', async () => {
    const result = await read(
      ssimFile([
        headerRecord(),
        carrierRecord({ airline: '6E', timeMode: 'X' }),
        'airline,flight_number',
      ]),
    );
    expect(result.errors.map((e) => e.message)).toEqual([
      'line 6: time mode "X" (column 2) is neither U (UTC) nor L (local)',
      'line 11: not an SSIM record: record type "a" (column 1) is not 1-5',
    ]);
  });

  it('refuses a flight that would leave this airport twice on one date', async () => {
    const result = await read(
      file([
        legRecord({ ...DEL_BOM, days: '12345', itineraryVariation: 1 }),
        legRecord({ ...DEL_BOM, days: '     67', itineraryVariation: 2 }),
        legRecord({
          ...DEL_BOM,
          days: '    5  ',
          itineraryVariation: 3,
          departure: '1800',
          arrival: '2010',
        }),
      ]),
    );
    expect(result.errors).toEqual([
      {
        line: FIRST + 2,
        message: `line ${FIRST + 2}: 6E 2134 leaves DEL twice on 2026-10-30 (also line ${FIRST})`,
      },
    ]);
  });

  it('keeps the first 100 errors but counts them all', async () => {
    const bad = Array.from({ length: 150 }, (_, i) =>
      legRecord({ ...DEL_BOM, flightNumber: i + 1, destination: 'QQQ' }),
    );
    const result = await read(file(bad));
    expect(result.errors).toHaveLength(100);
    expect(result.errorCount).toBe(150);
    expect(result.errors[99]?.line).toBe(FIRST + 99);
  });

  it('gives the event loop back while reading a big file, reporting progress', async () => {
    const legs = Array.from({ length: 5_000 }, (_, i) =>
      legRecord({ ...DEL_BOM, flightNumber: i + 1 }),
    );
    const text = file(legs);
    const progress: number[] = [];
    let turnsWhileReading = 0;
    let reading = true;
    const tick = () => {
      if (!reading) return;
      turnsWhileReading += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const result = await readSsim(text, {
      airport: 'DEL',
      onProgress: (done) => progress.push(done),
    });
    reading = false;
    expect(result.errorCount).toBe(0);
    expect(result.legs).toHaveLength(5_000);
    expect(turnsWhileReading).toBeGreaterThan(1);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(text.length);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });
});
