import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Notification, Passenger } from '../../core';
import type {
  NotificationKind,
  PassengerNotice,
  PassengerToldState,
  PendingFlightNotice,
} from './notification-rules';
import { NoticeStateIndex, type NoticeStateStore } from './notice-state';
import type { RenderedNotification } from './message-templates';

export type ChannelName = 'sms' | 'email';
export type NotificationStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped';

/**
 * A notification as the hub keeps it: the contract's Notification plus what is needed to send
 * and retry it. `error` is the final reason (failed/skipped); `lastError` the latest temporary one.
 */
export interface NotificationRecord {
  id: string;
  pnr: string;
  channel: ChannelName;
  kind: NotificationKind;
  status: NotificationStatus;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  error?: string;
  flightId: string;
  /** E.164 phone for SMS, address for e-mail. */
  to: string;
  language: string;
  subject?: string;
  body: string;
  html?: string;
  /** When a queued record may next be tried. */
  nextAttemptAt: string;
  updatedAt: string;
  providerMessageId?: string;
  lastError?: string;
  deliveredAt?: string;
}

const isoInstant = z.iso.datetime({ offset: true });
export const notificationRecordSchema = z.object({
  id: z.string().min(1),
  pnr: z.string().min(1),
  channel: z.enum(['sms', 'email']),
  kind: z.enum(['GATE_CHANGE', 'DELAY', 'TIME_CHANGE', 'CANCELLED', 'BOARDING']),
  status: z.enum(['queued', 'sending', 'sent', 'delivered', 'failed', 'skipped']),
  attempts: z.number().int().nonnegative(),
  createdAt: isoInstant,
  sentAt: isoInstant.optional(),
  error: z.string().optional(),
  flightId: z.string().min(1),
  to: z.string().min(1),
  language: z.string().min(1),
  subject: z.string().optional(),
  body: z.string(),
  html: z.string().optional(),
  nextAttemptAt: isoInstant,
  updatedAt: isoInstant,
  providerMessageId: z.string().optional(),
  lastError: z.string().optional(),
  deliveredAt: isoInstant.optional(),
}) satisfies z.ZodType<NotificationRecord>;

/** What `GET /api/flights/:id/notifications` shows: the contract shape only. */
export function toContractNotification(record: NotificationRecord): Notification {
  const notification: Notification = {
    id: record.id,
    pnr: record.pnr,
    channel: record.channel,
    kind: record.kind,
    status: record.status,
    attempts: record.attempts,
    createdAt: record.createdAt,
  };
  if (record.sentAt) notification.sentAt = record.sentAt;
  const error = record.error ?? (record.status === 'queued' ? record.lastError : undefined);
  if (error) notification.error = error;
  return notification;
}

/**
 * One record per channel the passenger gave (phone → SMS, e-mail → e-mail), queued for now.
 * Store them (outbox.add) before sending, in the same step that records the passenger's new
 * last-told state.
 */
export function buildNotificationRecords(input: {
  flightId: string;
  passenger: Pick<Passenger, 'pnr' | 'phone' | 'email'>;
  notice: Pick<PassengerNotice, 'kind'>;
  rendered: RenderedNotification;
  now: Date;
  newId?: () => string;
}): NotificationRecord[] {
  const { passenger, rendered } = input;
  const at = input.now.toISOString();
  const newId = input.newId ?? randomUUID;
  const base = {
    pnr: passenger.pnr,
    kind: input.notice.kind,
    status: 'queued' as const,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    nextAttemptAt: at,
    flightId: input.flightId,
    language: rendered.language,
  };
  const records: NotificationRecord[] = [];
  if (passenger.phone) {
    records.push({ ...base, id: newId(), channel: 'sms', to: passenger.phone, body: rendered.sms });
  }
  if (passenger.email) {
    records.push({
      ...base,
      id: newId(),
      channel: 'email',
      to: passenger.email,
      subject: rendered.email.subject,
      body: rendered.email.text,
      html: rendered.email.html,
    });
  }
  return records;
}

export interface OptOut {
  phone: string;
  reason: string;
  at: string;
}

/** Phones that unsubscribed (Twilio 21610): later SMS to them are skipped, not sent. */
export interface OptOutRegistry {
  isOptedOut(phone: string): boolean;
  get(phone: string): OptOut | undefined;
  /** Durable when the promise resolves. */
  optOut(entry: OptOut): Promise<void>;
}

/**
 * Where notifications live. Reads are synchronous over an in-memory index; writes resolve once
 * durable. The hub's store may implement this itself; FileNotificationOutbox is ready to use.
 */
export interface NotificationOutbox {
  /** Stores new records; durable when resolved. */
  add(records: readonly NotificationRecord[]): Promise<void>;
  /** Replaces a stored record (matched by id); durable when resolved. */
  update(record: NotificationRecord): Promise<void>;
  get(id: string): NotificationRecord | undefined;
  /** Queued records of a channel whose `nextAttemptAt` has come, oldest first. */
  listDue(channel: ChannelName, now: Date, limit: number): NotificationRecord[];
  /** The earliest `nextAttemptAt` later than `after` among queued records (dispatcher's timer). */
  nextAttemptAt(after: Date): Date | undefined;
  listByStatus(status: NotificationStatus): NotificationRecord[];
  listByFlight(flightId: string): NotificationRecord[];
  findByProviderMessageId(providerMessageId: string): NotificationRecord | undefined;
  readonly optOuts: OptOutRegistry;
}

/** The in-memory index both outboxes share; the file one adds the journal behind it. */
export class NotificationIndex {
  private readonly records = new Map<string, NotificationRecord>();
  private readonly queued = new Set<string>();
  private readonly byFlight = new Map<string, Set<string>>();
  private readonly byProviderId = new Map<string, string>();
  readonly optOuts = new Map<string, OptOut>();

  get size(): number {
    return this.records.size;
  }

  upsert(record: NotificationRecord): void {
    const copy = { ...record };
    this.records.set(copy.id, copy);
    if (copy.status === 'queued') this.queued.add(copy.id);
    else this.queued.delete(copy.id);
    let ids = this.byFlight.get(copy.flightId);
    if (!ids) this.byFlight.set(copy.flightId, (ids = new Set()));
    ids.add(copy.id);
    if (copy.providerMessageId) this.byProviderId.set(copy.providerMessageId, copy.id);
  }

  get(id: string): NotificationRecord | undefined {
    const record = this.records.get(id);
    return record && { ...record };
  }

  all(): NotificationRecord[] {
    return [...this.records.values()].map((record) => ({ ...record }));
  }

  listDue(channel: ChannelName, now: Date, limit: number): NotificationRecord[] {
    const due: NotificationRecord[] = [];
    for (const id of this.queued) {
      const record = this.records.get(id)!;
      if (record.channel === channel && Date.parse(record.nextAttemptAt) <= now.getTime()) {
        due.push(record);
      }
    }
    due.sort(
      (a, b) =>
        a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.createdAt.localeCompare(b.createdAt),
    );
    return due.slice(0, limit).map((record) => ({ ...record }));
  }

  nextAttemptAt(after: Date): Date | undefined {
    let earliest: number | undefined;
    for (const id of this.queued) {
      const at = Date.parse(this.records.get(id)!.nextAttemptAt);
      if (at > after.getTime() && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest === undefined ? undefined : new Date(earliest);
  }

  listByStatus(status: NotificationStatus): NotificationRecord[] {
    return this.all().filter((record) => record.status === status);
  }

  listByFlight(flightId: string): NotificationRecord[] {
    const ids = this.byFlight.get(flightId) ?? new Set<string>();
    return [...ids]
      .map((id) => ({ ...this.records.get(id)! }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  findByProviderMessageId(providerMessageId: string): NotificationRecord | undefined {
    const id = this.byProviderId.get(providerMessageId);
    return id === undefined ? undefined : this.get(id);
  }
}

/** Keeps everything in memory: for tests, and for a hub run without a data folder. */
export class MemoryNotificationOutbox implements NotificationOutbox, NoticeStateStore {
  private readonly index = new NotificationIndex();
  private readonly state = new NoticeStateIndex();
  readonly optOuts: OptOutRegistry = {
    isOptedOut: (phone) => this.index.optOuts.has(phone),
    get: (phone) => this.index.optOuts.get(phone),
    optOut: async (entry) => {
      this.index.optOuts.set(entry.phone, { ...entry });
    },
  };

  async add(records: readonly NotificationRecord[]): Promise<void> {
    for (const record of records) {
      if (this.index.get(record.id)) throw new Error(`notification ${record.id} already exists`);
    }
    for (const record of records) this.index.upsert(record);
  }

  async update(record: NotificationRecord): Promise<void> {
    if (!this.index.get(record.id)) throw new Error(`notification ${record.id} does not exist`);
    this.index.upsert(record);
  }

  get(id: string) {
    return this.index.get(id);
  }
  listDue(channel: ChannelName, now: Date, limit: number) {
    return this.index.listDue(channel, now, limit);
  }
  nextAttemptAt(after: Date) {
    return this.index.nextAttemptAt(after);
  }
  listByStatus(status: NotificationStatus) {
    return this.index.listByStatus(status);
  }
  listByFlight(flightId: string) {
    return this.index.listByFlight(flightId);
  }
  findByProviderMessageId(providerMessageId: string) {
    return this.index.findByProviderMessageId(providerMessageId);
  }

  listPendingWindows() {
    return [...this.state.pending.values()].map((pending) => ({ ...pending }));
  }
  getPendingWindow(flightId: string) {
    const pending = this.state.pending.get(flightId);
    return pending && { ...pending };
  }
  async savePendingWindow(pending: PendingFlightNotice) {
    this.state.pending.set(pending.flightId, { ...pending });
  }
  getToldState(flightId: string, pnr: string) {
    return this.state.getTold(flightId, pnr);
  }
  async closeWindow(
    flightId: string,
    records: readonly NotificationRecord[],
    told: readonly PassengerToldState[],
  ) {
    await this.add(records);
    this.state.setTold(flightId, told);
    this.state.pending.delete(flightId);
  }
}
