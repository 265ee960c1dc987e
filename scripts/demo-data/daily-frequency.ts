/** How many times a day each route is flown: synthetic, shaped like DEL's real timetable. */
import { SEATS } from './aircraft-types';
import type { Route } from './route-selection';

const METROS = ['BOM', 'BLR', 'HYD', 'MAA', 'CCU'];
const SECONDARY = new Set([
  'AMD',
  'PNQ',
  'GOI',
  'COK',
  'LKO',
  'PAT',
  'GAU',
  'SXR',
  'IXB',
  'BBI',
  'JAI',
  'IXC',
  'ATQ',
  'VNS',
  'IDR',
  'NAG',
  'IXJ',
  'IXR',
]);
const GULF = new Set(['DXB', 'AUH', 'DOH', 'SHJ', 'MCT', 'BAH', 'KWI', 'DMM', 'RUH', 'JED']);
/** Daily frequencies of foreign carriers' hub routes flown more than once a day. */
const FOREIGN_DAILY: Record<string, number> = {
  'EK-DXB': 3,
  'QR-DOH': 2,
  'EY-AUH': 2,
  'BA-LHR': 2,
  'G9-SHJ': 2,
  'FZ-DXB': 2,
};

/** Gulf routes get more Indian-carrier frequencies and their own flight-number block. */
export function isGulfDestination(iata: string): boolean {
  return GULF.has(iata);
}

export function dailyFrequency(route: Route, domestic: boolean): number {
  const code = route.airline.iata ?? '';
  const dest = route.destination.iata;
  const regional = route.equipment.every((type) => SEATS[type] !== undefined && SEATS[type] < 100);
  if (!domestic) {
    if (code === '6E' || code === 'SG' || code === 'AI') return GULF.has(dest) ? 2 : 1;
    return FOREIGN_DAILY[`${code}-${dest}`] ?? 1;
  }
  const metro = METROS.includes(dest);
  const secondary = SECONDARY.has(dest);
  switch (code) {
    case '6E':
      return dest === 'BOM' ? 13 : metro ? 10 : secondary ? 4 : 2;
    case 'AI':
      return dest === 'BOM' ? 9 : metro ? 7 : secondary ? 3 : regional ? 1 : 2;
    case 'SG':
      return metro ? 5 : secondary ? 3 : regional ? 1 : 2;
    default:
      return metro ? 3 : 1;
  }
}
