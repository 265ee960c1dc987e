import type { FlightStatus } from '../../../../core';
import { STATUS_LABELS, STATUS_TONES } from '../../domain/flightPresentation';

export function StatusChip({ status }: { status: FlightStatus }) {
  return (
    <span className={`status-chip status-${STATUS_TONES[status]}`}>{STATUS_LABELS[status]}</span>
  );
}
