import { randomUUID } from 'node:crypto';
import type { NotificationRecord } from '../server/notifications/notification-record';

/** A queued record as the scheduler would store it. */
export function queuedRecord(overrides: Partial<NotificationRecord> = {}): NotificationRecord {
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    pnr: 'ABC123',
    channel: 'sms',
    kind: 'GATE_CHANGE',
    status: 'queued',
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    nextAttemptAt: at,
    flightId: 'F1',
    to: '+919876543210',
    language: 'en',
    body: '6E 2134 to Mumbai (BOM): gate changed to 42B. Departure 14:35.',
    ...overrides,
  };
}
