import { formatLocalTime, type EditableField, type FlightStatus } from '../../../../core';
import { STATUS_LABELS } from '../../domain/flightPresentation';

export const FIELD_LABELS: Record<EditableField, string> = {
  gate: 'Gate',
  etd: 'ETD',
  status: 'Status',
  delayCode: 'Delay code',
  remark: 'Remark',
};

/** A field's value as an agent reads it: local times, status words, "—" for none. */
export function formatFieldValue(field: string, value: unknown, zone: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'etd' && typeof value === 'string') return formatLocalTime(value, zone);
  if (field === 'status' && typeof value === 'string' && value in STATUS_LABELS) {
    return STATUS_LABELS[value as FlightStatus];
  }
  return String(value);
}

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field as EditableField] ?? field;
}

/** "14:05" local, with the date when it is not today. */
export function formatWhen(iso: string, zone: string): string {
  const time = formatLocalTime(iso, zone);
  const day = new Date(iso).toDateString() === new Date().toDateString();
  return day ? time : `${iso.slice(0, 10)} ${time}`;
}
