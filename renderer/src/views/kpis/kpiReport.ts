import { delayMinutesByGroup, findDelayCode, type DayKpis } from '../../../../core';

/** D15 / A15 as a whole percentage of the flights that have left (arrived); null before any. */
export function onTimeRate(onTime: number, moved: number): number | null {
  return moved > 0 ? Math.round((onTime / moved) * 100) : null;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The day's KPI report as CSV: `section,measure,value` rows — the departures' and arrivals'
 * figures, then delay minutes by delay code (with its group and meaning) and by group.
 * Lines end in CRLF, as RFC 4180 and spreadsheet programs expect.
 */
export function kpiReportCsv(date: string, airport: string, kpis: DayKpis): string {
  const rows: (string | number)[][] = [
    ['section', 'measure', 'value'],
    ['day', 'date', date],
    ['day', 'airport', airport],
  ];
  const { departures, arrivals } = kpis;
  rows.push(
    ['departures', 'total', departures.total],
    ['departures', 'departed', departures.departed],
    ['departures', 'on time (D15)', departures.onTime],
    ['departures', 'D15 %', onTimeRate(departures.onTime, departures.departed) ?? ''],
    ['departures', 'delayed 15 min or more', departures.delayed15],
    ['departures', 'cancelled', departures.cancelled],
    ['departures', 'average delay (min)', departures.averageDelayMinutes],
    ['arrivals', 'total', arrivals.total],
    ['arrivals', 'arrived', arrivals.arrived],
    ['arrivals', 'on time (A15)', arrivals.onTime],
    ['arrivals', 'A15 %', onTimeRate(arrivals.onTime, arrivals.arrived) ?? ''],
    ['arrivals', 'delayed 15 min or more', arrivals.delayed15],
    ['arrivals', 'cancelled', arrivals.cancelled],
    ['arrivals', 'diverted', arrivals.diverted],
  );
  const codes = Object.entries(kpis.delayMinutesByCode).sort(([a], [b]) => a.localeCompare(b));
  for (const [code, minutes] of codes) {
    const entry = findDelayCode(code);
    const name = entry ? `${code} ${entry.alpha} (${entry.group}: ${entry.meaning})` : code;
    rows.push(['delay minutes by code', name, minutes]);
  }
  for (const [group, minutes] of Object.entries(delayMinutesByGroup(kpis.delayMinutesByCode))) {
    rows.push(['delay minutes by group', group, minutes]);
  }
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Hands a text file to the browser's (or Electron's) download. */
export function downloadTextFile(fileName: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
