import { describe, expect, it } from 'vitest';
import type { DayKpis } from '../../../../core';
import { kpiReportCsv, onTimeRate } from './kpiReport';

const KPIS: DayKpis = {
  departures: {
    total: 4,
    departed: 3,
    onTime: 1,
    delayed15: 2,
    cancelled: 1,
    averageDelayMinutes: 88.3,
  },
  arrivals: { total: 1, arrived: 1, onTime: 0, delayed15: 1, cancelled: 0, diverted: 0 },
  delayMinutesByCode: { '93': 45, '41': 210 },
};

describe('the KPI report', () => {
  it('is CSV with CRLF lines, quoting the fields that hold commas or quotes', () => {
    const lines = kpiReportCsv('2026-11-27', 'DEL', KPIS).split('\r\n');
    expect(lines.slice(0, 4)).toEqual([
      'section,measure,value',
      'day,date,2026-11-27',
      'day,airport,DEL',
      'departures,total,4',
    ]);
    expect(lines).toContain('departures,D15 %,33');
    expect(lines).toContain('departures,average delay (min),88.3');
    expect(lines).toContain('arrivals,A15 %,0');
    // Codes in order, each with its group and meaning (which has commas: quoted).
    const byCode = lines.filter((line) => line.startsWith('delay minutes by code,'));
    expect(byCode.map((line) => /^delay minutes by code,"?(\d\d) /.exec(line)?.[1])).toEqual([
      '41',
      '93',
    ]);
    expect(byCode[1]).toMatch(/^delay minutes by code,"93 RA \(Reactionary: .*\)",45$/);
    expect(lines).toContain('delay minutes by group,Reactionary,45');
    expect(lines.at(-1)).toBe('');
  });

  it('gives no on-time rate before anything moved', () => {
    expect(onTimeRate(0, 0)).toBeNull();
    expect(onTimeRate(2, 3)).toBe(67);
  });
});
