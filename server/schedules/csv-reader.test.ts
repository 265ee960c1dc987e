import { describe, expect, it } from 'vitest';
import { readCsvSchedule } from './csv-reader';
import { expandLegs } from './flight-instances';

const HEADER = 'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const read = (text: string, airport = 'DEL') => readCsvSchedule(text, { airport });

describe('readCsvSchedule', () => {
  it('reads a leg, with local times left to the IANA zones', async () => {
    const result = await read(csv('6E,2134,DEL,BOM,06:10,08:20,2026-10-25,2027-03-27,1357,320'));
    expect(result.errors).toEqual([]);
    expect(result.legs).toEqual([
      {
        line: 2,
        airline: '6E',
        flightNumber: '2134',
        suffix: '',
        legSequence: 1,
        serviceType: 'J',
        origin: 'DEL',
        destination: 'BOM',
        departureTime: '06:10',
        departureUtcOffset: null,
        arrivalTime: '08:20',
        arrivalUtcOffset: null,
        arrivalDayOffset: 0,
        from: '2026-10-25',
        to: '2027-03-27',
        days: [1, 3, 5, 7],
        frequencyRate: 1,
        aircraftType: '320',
        terminals: { departure: null, arrival: null },
        onward: null,
        codeshares: [],
      },
    ]);
    expect(result).toMatchObject({
      skipped: 0,
      period: { from: '2026-10-25', to: '2027-03-27' },
      airlines: ['6E'],
    });
  });

  it('takes columns in any order, ignores extra ones, and reads the optional ones', async () => {
    const text =
      '\uFEFFremark,days,to,from,sta,std,destination,origin,flight_number,airline,aircraft_type,' +
      'departure_terminal,onward_airline,onward_flight_number,codeshares,suffix\r\n' +
      '"late, again",1234567,2027-03-27,2026-10-25,08:20,06:10,BOM,DEL,2134,6e,32n,T1,6E,2135,"AI 9123; UK 1234",A\r\n';
    const result = await read(text);
    expect(result.errors).toEqual([]);
    expect(result.legs[0]).toMatchObject({
      airline: '6E',
      suffix: 'A',
      aircraftType: '32N',
      terminals: { departure: 'T1', arrival: null },
      onward: { airline: '6E', flightNumber: '2135', suffix: '', layoverDays: 0 },
      codeshares: ['AI 9123', 'UK 1234'],
    });
  });

  it('reads +1 and -1, and infers the next day when sta would come before std', async () => {
    const result = await read(
      csv(
        'AI,101,DEL,JFK,01:30,06:55,2026-10-25,2027-03-27,1234567,77W',
        'AI,102,DEL,LHR,23:00,03:45+1,2026-10-25,2027-03-27,1234567,788',
        'NZ,1,DEL,AKL,05:00,06:00-1,2026-10-25,2027-03-27,1234567,789',
        '6E,1401,DEL,DXB,23:30,01:45,2026-10-25,2027-03-27,1234567,321',
      ),
    );
    expect(result.errors).toEqual([
      {
        line: 4,
        message: 'line 4: the arrival is not after the departure: check std, sta and its +1/-1',
      },
    ]);
    expect(result.legs.map((l) => [l.flightNumber, l.arrivalDayOffset])).toEqual([
      ['101', 0],
      ['102', 1],
      ['1401', 1],
    ]);
    expect(result.inferredNextDay).toBe(1);
  });

  it('follows clock changes: the same local time is a different UTC time after the change', async () => {
    // London changes to summer time on 28 March 2027; Delhi does not change.
    const result = await read(csv('AI,111,LHR,DEL,10:00,23:30,2027-03-26,2027-03-29,1234567,788'));
    expect(result.errors).toEqual([]);
    const arrivals = expandLegs(result.legs, {
      airport: 'DEL',
      from: '2027-03-26',
      to: '2027-03-29',
    });
    expect(arrivals.map((f) => [f.localDate, f.std, f.sta])).toEqual([
      ['2027-03-26', '2027-03-26T10:00:00.000Z', '2027-03-26T18:00:00.000Z'],
      ['2027-03-27', '2027-03-27T10:00:00.000Z', '2027-03-27T18:00:00.000Z'],
      ['2027-03-28', '2027-03-28T09:00:00.000Z', '2027-03-28T18:00:00.000Z'],
      ['2027-03-29', '2027-03-29T09:00:00.000Z', '2027-03-29T18:00:00.000Z'],
    ]);
  });

  it('skips and counts rows that neither leave nor reach this airport, noting every airline', async () => {
    const result = await read(
      csv(
        '6E,2134,DEL,BOM,06:10,08:20,2026-10-25,2027-03-27,1234567,320',
        'UK,955,BOM,BLR,06:10,08:00,2026-10-25,2027-03-27,1234567,320',
        '',
        'SG,8169,QQQ,BLR,06:10,08:00,not a date,2027-03-27,1234567,320',
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.skipped).toBe(2);
    expect(result.airlines).toEqual(['6E', 'SG', 'UK']);
  });

  it('refuses an unknown airport in a leg of this airport, with its line and code', async () => {
    const result = await read(
      csv(
        '6E,2134,DEL,BOM,06:10,08:20,2026-10-25,2027-03-27,1234567,320',
        '6E,2135,QQQ,DEL,09:10,11:20,2026-10-25,2027-03-27,1234567,320',
      ),
    );
    expect(result.errors).toEqual([
      { line: 3, message: 'line 3: unknown airport "QQQ" as origin' },
    ]);
  });

  it('names each broken field', async () => {
    const result = await read(csv('6EE,21345,DEL,BOM,6.10,08:20+3,2026-02-30,2026-01-01,1238,A3*'));
    expect(result.errors.map((e) => e.message)).toEqual([
      'line 2: airline "6EE" is not a two-character IATA code',
      'line 2: flight number "21345" is not 1-4 digits',
      'line 2: std "6.10" is not a time HH:MM',
      'line 2: sta "08:20+3": the date variation must be -1, +1 or +2',
      'line 2: from "2026-02-30" is not a date YYYY-MM-DD',
      'line 2: days "1238" are not digits 1-7 (Monday = 1)',
      'line 2: aircraft type "A3*" is not an IATA or ICAO type code like 320',
    ]);
  });

  it('refuses a header without the needed columns, an empty file and malformed CSV', async () => {
    expect((await read('airline,flight_number,origin\n6E,1,DEL')).errors).toEqual([
      {
        line: 1,
        message:
          'line 1: the header lacks the columns destination, std, sta, from, to, days, aircraft_type',
      },
    ]);
    expect((await read('')).errors).toEqual([
      { line: 1, message: 'line 1: the file is empty: a header line is needed' },
    ]);
    const malformed = await read(
      csv('6E,2134,DEL,BOM,06:10,08:20,2026-10-25,2027-03-27,1234567,320', '6E,"21"35,DEL'),
    );
    expect(malformed.errors[0]?.line).toBe(3);
    expect(malformed.errors[0]?.message).toMatch(
      /^line 3: the CSV is malformed: Invalid Closing Quote/,
    );
  });

  it('reads a big file in slices, giving the event loop back', async () => {
    const rows = Array.from(
      { length: 5_000 },
      (_, i) =>
        `6E,${(i % 9999) + 1},${i % 2 ? 'DEL' : 'BOM'},${i % 2 ? 'BOM' : 'DEL'},06:10,08:20,2026-10-25,2027-03-27,${(i % 7) + 1},320`,
    );
    let turns = 0;
    let reading = true;
    const tick = () => {
      turns += 1;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const progress: number[] = [];
    const result = await readCsvSchedule(csv(...rows), {
      airport: 'DEL',
      onProgress: (done) => progress.push(done),
    });
    reading = false;
    expect(result.errorCount).toBe(0);
    expect(result.legs).toHaveLength(5_000);
    expect(turns).toBeGreaterThan(1);
    expect(progress.length).toBeGreaterThan(1);
  });
});
