import { z } from 'zod';
import { passengerPreferencesSchema, type PassengerPreferences } from '../../core';
import {
  pushSubscriptionSchema,
  type PushSubscriptionJson,
} from '../notifications/push-subscription';

/** A device may push to at most this many browsers per passenger; the oldest give way. */
export const MAX_SUBSCRIPTIONS_PER_PASSENGER = 5;

const isoInstant = z.iso.datetime({ offset: true });

export const storedPreferencesSchema = passengerPreferencesSchema.extend({
  updatedAt: isoInstant,
});
export type StoredPreferences = z.infer<typeof storedPreferencesSchema>;

/** One change to what passengers chose for themselves (a journal line of the file store). */
export const selfServiceEntrySchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('preferences'),
    key: z.string().min(1),
    preferences: storedPreferencesSchema,
  }),
  z.object({
    t: z.literal('subscription'),
    key: z.string().min(1),
    subscription: pushSubscriptionSchema,
    createdAt: isoInstant,
  }),
  z.object({ t: z.literal('subscription-removed'), endpoint: z.string().min(1) }),
  /** A flight left the live table at `at` (retention counts from then). */
  z.object({ t: z.literal('archived'), flightId: z.string().min(1), at: isoInstant }),
  /** Retention: these passengers' settings and these flights' archive marks are gone. */
  z.object({
    t: z.literal('forgotten'),
    keys: z.array(z.string()),
    flightIds: z.array(z.string()),
  }),
]);
export type SelfServiceEntry = z.infer<typeof selfServiceEntrySchema>;

/**
 * What passengers chose for themselves — preferences and push subscriptions, per passenger key
 * (passengerKey: PNR and family name) — and when flights were archived, for retention. Reads are
 * synchronous over the hub's copy (notifications consult them while deciding); writes resolve
 * once durable. The data folder keeps it in a journal (FileSelfServiceStore); PostgreSQL will
 * implement the same interface.
 */
export interface SelfServiceStore {
  preferences(key: string): StoredPreferences | undefined;
  setPreferences(key: string, preferences: PassengerPreferences, at: Date): Promise<void>;
  subscriptionsOf(key: string): PushSubscriptionJson[];
  /** The stored subscription at `endpoint`, whoever it belongs to. */
  subscription(endpoint: string): PushSubscriptionJson | undefined;
  /** Keeps a browser's subscription for `key` (moving it from whoever had it before). */
  addSubscription(key: string, subscription: PushSubscriptionJson, at: Date): Promise<void>;
  /** False when there was no such subscription. */
  removeSubscription(endpoint: string): Promise<boolean>;
  /** Archived flights and when they were archived (ISO 8601). */
  archivedFlights(): ReadonlyMap<string, string>;
  markArchived(flightId: string, at: Date): Promise<void>;
  /** Passenger keys with preferences or subscriptions. */
  keys(): string[];
  /** Deletes the settings of `keys` and the archive marks of `flightIds`. */
  forget(keys: readonly string[], flightIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** The state itself, shared by the memory and the file store: every entry applied in order. */
export class SelfServiceState {
  readonly preferences = new Map<string, StoredPreferences>();
  /** endpoint → owner and subscription; insertion order is age. */
  readonly subscriptions = new Map<
    string,
    { key: string; subscription: PushSubscriptionJson; createdAt: string }
  >();
  readonly byKey = new Map<string, Set<string>>();
  readonly archived = new Map<string, string>();

  apply(entry: SelfServiceEntry): void {
    switch (entry.t) {
      case 'preferences':
        this.preferences.set(entry.key, entry.preferences);
        break;
      case 'subscription': {
        this.removeEndpoint(entry.subscription.endpoint);
        const { key, subscription, createdAt } = entry;
        this.subscriptions.set(subscription.endpoint, { key, subscription, createdAt });
        let endpoints = this.byKey.get(key);
        if (!endpoints) this.byKey.set(key, (endpoints = new Set()));
        endpoints.add(subscription.endpoint);
        break;
      }
      case 'subscription-removed':
        this.removeEndpoint(entry.endpoint);
        break;
      case 'archived':
        this.archived.set(entry.flightId, entry.at);
        break;
      case 'forgotten':
        for (const key of entry.keys) {
          this.preferences.delete(key);
          for (const endpoint of this.byKey.get(key) ?? []) this.subscriptions.delete(endpoint);
          this.byKey.delete(key);
        }
        for (const flightId of entry.flightIds) this.archived.delete(flightId);
        break;
    }
  }

  private removeEndpoint(endpoint: string): boolean {
    const existing = this.subscriptions.get(endpoint);
    if (!existing) return false;
    this.subscriptions.delete(endpoint);
    const endpoints = this.byKey.get(existing.key);
    endpoints?.delete(endpoint);
    if (endpoints?.size === 0) this.byKey.delete(existing.key);
    return true;
  }

  /** Subscriptions of `key`, oldest first. */
  endpointsOf(key: string): string[] {
    return [...(this.byKey.get(key) ?? [])];
  }

  /** The live state as entries (what a compacted journal holds). */
  entries(): SelfServiceEntry[] {
    return [
      ...[...this.preferences].map(([key, preferences]): SelfServiceEntry => ({
        t: 'preferences',
        key,
        preferences,
      })),
      ...[...this.subscriptions.values()].map((s): SelfServiceEntry => ({
        t: 'subscription',
        ...s,
      })),
      ...[...this.archived].map(([flightId, at]): SelfServiceEntry => ({
        t: 'archived',
        flightId,
        at,
      })),
    ];
  }

  get size(): number {
    return this.preferences.size + this.subscriptions.size + this.archived.size;
  }
}

/**
 * The store over a SelfServiceState; `record` makes an entry durable (the file store appends it
 * to its journal; in memory there is nothing to do).
 */
export abstract class StateBackedSelfServiceStore implements SelfServiceStore {
  protected readonly state = new SelfServiceState();

  /** Applies in memory at once, durable when resolved. */
  protected abstract record(entries: SelfServiceEntry[]): Promise<void>;
  abstract close(): Promise<void>;

  preferences(key: string): StoredPreferences | undefined {
    return this.state.preferences.get(key);
  }

  setPreferences(key: string, preferences: PassengerPreferences, at: Date): Promise<void> {
    return this.record([
      { t: 'preferences', key, preferences: { ...preferences, updatedAt: at.toISOString() } },
    ]);
  }

  subscriptionsOf(key: string): PushSubscriptionJson[] {
    return this.state.endpointsOf(key).map((e) => this.state.subscriptions.get(e)!.subscription);
  }

  subscription(endpoint: string): PushSubscriptionJson | undefined {
    return this.state.subscriptions.get(endpoint)?.subscription;
  }

  addSubscription(key: string, subscription: PushSubscriptionJson, at: Date): Promise<void> {
    const entries: SelfServiceEntry[] = [
      { t: 'subscription', key, subscription, createdAt: at.toISOString() },
    ];
    const others = this.state.endpointsOf(key).filter((e) => e !== subscription.endpoint);
    const excess = others.length + 1 - MAX_SUBSCRIPTIONS_PER_PASSENGER;
    for (const endpoint of others.slice(0, Math.max(0, excess))) {
      entries.unshift({ t: 'subscription-removed', endpoint });
    }
    return this.record(entries);
  }

  async removeSubscription(endpoint: string): Promise<boolean> {
    if (!this.state.subscriptions.has(endpoint)) return false;
    await this.record([{ t: 'subscription-removed', endpoint }]);
    return true;
  }

  archivedFlights(): ReadonlyMap<string, string> {
    return this.state.archived;
  }

  markArchived(flightId: string, at: Date): Promise<void> {
    return this.record([{ t: 'archived', flightId, at: at.toISOString() }]);
  }

  keys(): string[] {
    return [...new Set([...this.state.preferences.keys(), ...this.state.byKey.keys()])];
  }

  /** Everything held, as the entries that rebuild it (moving it elsewhere). */
  entries(): SelfServiceEntry[] {
    return this.state.entries();
  }

  forget(keys: readonly string[], flightIds: readonly string[]): Promise<void> {
    if (keys.length === 0 && flightIds.length === 0) return Promise.resolve();
    return this.record([{ t: 'forgotten', keys: [...keys], flightIds: [...flightIds] }]);
  }
}

/** In memory, for unit tests. */
export class MemorySelfServiceStore extends StateBackedSelfServiceStore {
  protected async record(entries: SelfServiceEntry[]): Promise<void> {
    for (const entry of entries) this.state.apply(entry);
  }
  async close(): Promise<void> {}
}
