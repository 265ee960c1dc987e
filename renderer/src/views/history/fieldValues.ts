import { formatLocalTime, type ChangeField, type FlightStatus } from '../../../../core';
import { STATUS_LABELS } from '../../domain/flightPresentation';

export const FIELD_LABELS: Record<ChangeField, string> = {
  gate: 'Gate',
  etd: 'ETD',
  status: 'Status',
  delayCode: 'Delay code',
  remark: 'Remark',
  eta: 'ETA',
  atd: 'ATD',
  ata: 'ATA',
  stand: 'Stand',
  belt: 'Belt',
  registration: 'Registration',
  aircraftType: 'Aircraft',
  terminal: 'Terminal',
  statusReason: 'Reason',
  std: 'STD',
  sta: 'STA',
  origin: 'From',
  destination: 'To',
  codeshares: 'Codeshares',
  airlineName: 'Airline',
  originCity: 'From (city)',
  originName: 'From (airport)',
  destinationCity: 'To (city)',
  destinationName: 'To (airport)',
  originTimeZone: 'Origin time zone',
  destinationTimeZone: 'Destination time zone',
};

const TIME_FIELDS = new Set(['etd', 'eta', 'atd', 'ata', 'std', 'sta']);

/** A field's value as an agent reads it: local times, status words, "—" for none. */
export function formatFieldValue(field: string, value: unknown, zone: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (TIME_FIELDS.has(field) && typeof value === 'string') return formatLocalTime(value, zone);
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : '—';
  if (field === 'status' && typeof value === 'string' && value in STATUS_LABELS) {
    return STATUS_LABELS[value as FlightStatus];
  }
  return String(value);
}

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field as ChangeField] ?? field;
}

/** "14:05" local, with the date when it is not today. */
export function formatWhen(iso: string, zone: string): string {
  const time = formatLocalTime(iso, zone);
  const day = new Date(iso).toDateString() === new Date().toDateString();
  return day ? time : `${iso.slice(0, 10)} ${time}`;
}
