import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { Notification } from '../../core';
import type { LoginThrottleOptions } from '../auth/login-throttle';
import type { Sessions } from '../auth/sessions';
import type { NotificationSelfServiceHooks } from '../notifications/hub-notifications';
import { describeEndpoint } from '../notifications/push-subscription';
import { loadVapidKeys } from '../notifications/vapid-keys';
import { WebPushChannel } from '../notifications/web-push-channel';
import type { FlightStore } from '../store/flight-store';
import { FileSelfServiceStore } from './file-self-service-store';
import { GateChanges } from './gate-changes';
import { PassengerAccess } from './passenger-access';
import type { PassengerDirectory } from './passenger-directory';
import { PassengerLookup } from './passenger-lookup';
import { attachPassengerNamespace } from './passenger-namespace';
import { notifiablePassengers } from './passenger-reach';
import { PassengerRetention } from './passenger-retention';
import { passengerRoutes } from './passenger-routes';
import { readPassengerSettings, type PassengerSettings } from './passenger-settings';
import { passengerSite } from './passenger-site';
import { PassengerTokens } from './passenger-tokens';
import { createPushEndpointPolicy } from './push-endpoint-policy';
import type { SelfServiceStore } from './self-service-store';
import { staffPassengerRoutes } from './staff-passenger-routes';
import { UNSUBSCRIBE_PATH, unsubscribePage } from './unsubscribe-page';

export interface PassengerSideOptions {
  dataDir: string;
  /** The hub's signing secret; passenger keys are derived from it. */
  secret: string;
  store: FlightStore;
  directory: PassengerDirectory;
  settings: PassengerSettings;
  /** PEM of CAs trusted for push requests besides Node's (JETBRIDGE_PUSH_CA's content). */
  trustedPushCa: string | null;
  /** Folder of the passengers' page build. */
  webRoot: string;
  logger: Logger;
  now: () => Date;
  lookupFloorMs?: number;
  lookupThrottle?: LoginThrottleOptions;
  tokenHours?: number;
  /** How often retention runs (default hourly). */
  pruneIntervalMs?: number;
  /** Instead of the data folder's journal (tests). */
  selfService?: SelfServiceStore;
}

/** What a hub's options may say about the passengers' side (the rest comes from the hub). */
export type PassengerHubOptions = Partial<
  Omit<
    PassengerSideOptions,
    'dataDir' | 'secret' | 'store' | 'directory' | 'logger' | 'now' | 'settings'
  >
> & { settings?: Partial<PassengerSettings> };

export const DEFAULT_PASSENGER_WEB_ROOT = fileURLToPath(new URL('../../out/my', import.meta.url));

/**
 * Everything passengers use (contract section 9), in one place the hub starts: lookup and
 * tokens, the `/passenger` namespace, preferences, Web Push subscriptions and the push channel,
 * the one-click unsubscribe, the page at `/my`, the staff PNR search, and retention.
 */
export class PassengerSide {
  private publicUrl: string | null;
  private publishToNamespace: ((changes: Parameters<PassengerSide['observe']>[0]) => void) | null =
    null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private pruning: Promise<unknown> = Promise.resolve();
  private readonly unsubscribeStore: () => void;

  private constructor(
    private readonly options: PassengerSideOptions,
    readonly selfService: SelfServiceStore,
    readonly tokens: PassengerTokens,
    readonly access: PassengerAccess,
    /** Also what displays read (server/displays). */
    readonly gateChanges: GateChanges,
    private readonly retention: PassengerRetention,
    private readonly pushChannel: WebPushChannel,
    readonly vapidPublicKey: string,
  ) {
    this.publicUrl = options.settings.publicUrl;
    this.unsubscribeStore = options.store.subscribe((changes) => this.observe(changes));
  }

  /** Starts with the hub's own deps; settings not given are the defaults (no environment). */
  static startForHub(
    options: PassengerHubOptions &
      Pick<PassengerSideOptions, 'dataDir' | 'secret' | 'store' | 'directory' | 'logger' | 'now'>,
  ): Promise<PassengerSide> {
    return PassengerSide.start({
      ...options,
      settings: { ...readPassengerSettings({}), ...options.settings },
      trustedPushCa: options.trustedPushCa ?? null,
      webRoot: options.webRoot ?? DEFAULT_PASSENGER_WEB_ROOT,
    });
  }

  static async start(options: PassengerSideOptions): Promise<PassengerSide> {
    const { settings, logger, now } = options;
    const selfService = options.selfService ?? (await FileSelfServiceStore.open(options.dataDir));
    const { keys, source } = await loadVapidKeys({
      dataDir: options.dataDir,
      settings: settings.vapid,
      now,
    });
    const pushChannel = new WebPushChannel({
      vapid: keys,
      subscriptionFor: (endpoint) => selfService.subscription(endpoint),
      departureOf: (flightId) => options.store.flight(flightId)?.etd,
      trustedCa: options.trustedPushCa,
    });
    const access = new PassengerAccess(options.directory, options.store, selfService);
    const side = new PassengerSide(
      options,
      selfService,
      new PassengerTokens(options.secret, now, options.tokenHours),
      access,
      new GateChanges(options.store),
      new PassengerRetention({
        directory: options.directory,
        selfService,
        store: options.store,
        days: settings.retentionDays,
        now,
      }),
      pushChannel,
      keys.publicKey,
    );
    logger.info(
      { vapidKeys: source, retentionDays: settings.retentionDays },
      'passenger side started',
    );
    side.schedulePruning();
    return side;
  }

  /** What notifications take from here: choices, push, unsubscribe headers. */
  get notificationHooks(): NotificationSelfServiceHooks {
    return {
      passengersOf: (flightId) =>
        notifiablePassengers(this.options.directory, this.selfService, flightId),
      pushChannel: this.pushChannel,
      onSubscriptionGone: async (endpoint) => {
        if (await this.selfService.removeSubscription(endpoint)) {
          this.options.logger.info(
            { service: describeEndpoint(endpoint) },
            'push subscription gone; removed',
          );
        }
      },
      emailHeaders: async (record): Promise<Record<string, string>> => {
        if (!this.publicUrl) return {};
        const token = await this.tokens.unsubscribeToken(record.pnr, record.to);
        return {
          'List-Unsubscribe': `<${this.publicUrl}${UNSUBSCRIBE_PATH}?t=${token}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        };
      },
    };
  }

  /** The hub's address once it listens, unless JETBRIDGE_PUBLIC_URL said otherwise. */
  listeningAt(url: string): void {
    this.publicUrl ??= url;
  }

  /** Routers under /api: the passengers' own and the staff PNR search. */
  apiRoutes(deps: {
    sessions: Sessions;
    notificationsOf(flightId: string): Notification[];
  }): Router[] {
    const { options } = this;
    return [
      passengerRoutes({
        lookup: new PassengerLookup({
          access: this.access,
          tokens: this.tokens,
          gateChanges: this.gateChanges,
          ...(options.lookupFloorMs !== undefined ? { floorMs: options.lookupFloorMs } : {}),
          ...(options.lookupThrottle ? { throttle: options.lookupThrottle } : {}),
          now: () => options.now().getTime(),
        }),
        tokens: this.tokens,
        access: this.access,
        selfService: this.selfService,
        gateChanges: this.gateChanges,
        pushPolicy: createPushEndpointPolicy(options.settings.pushServices),
        vapidPublicKey: this.vapidPublicKey,
        now: options.now,
      }),
      staffPassengerRoutes({
        sessions: deps.sessions,
        store: options.store,
        directory: options.directory,
        selfService: this.selfService,
        notificationsOf: deps.notificationsOf,
      }),
    ];
  }

  /** `/my`: the page, and the unsubscribe endpoint under it. */
  site(): Router {
    const { options } = this;
    return passengerSite(options.webRoot, [
      unsubscribePage({
        tokens: this.tokens,
        directory: options.directory,
        selfService: this.selfService,
        logger: options.logger,
        now: options.now,
      }),
    ]);
  }

  /** The `/passenger` Socket.IO namespace. */
  attach(io: Server): void {
    const namespace = attachPassengerNamespace(io, {
      tokens: this.tokens,
      access: this.access,
      gateChanges: this.gateChanges,
      logger: this.options.logger,
      now: this.options.now,
    });
    this.publishToNamespace = (changes) => namespace.publish(changes);
  }

  /** JETBRIDGE_PASSENGER_DAYS: days after archiving that a flight's passenger data is kept. */
  get retentionDays(): number {
    return this.options.settings.retentionDays;
  }

  /** Retention now (also run at start and every `pruneIntervalMs`). */
  prune() {
    const run = this.pruning.then(() => this.retention.prune());
    this.pruning = run.catch(() => undefined);
    return run.then((result) => {
      if (result.flights.length > 0 || result.passengers > 0) {
        this.options.logger.info(
          { flights: result.flights.length, passengers: result.passengers },
          'deleted passenger data past its retention',
        );
      }
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.unsubscribeStore();
    await this.pruning;
    await this.selfService.close();
  }

  private observe(changes: Parameters<Parameters<FlightStore['subscribe']>[0]>[0]): void {
    for (const change of changes) {
      this.gateChanges.observe(change);
      if (change.change.kind === 'archived') {
        this.retention
          .observe(change)
          .catch((error: unknown) =>
            this.options.logger.error({ err: error }, 'recording an archived flight failed'),
          );
      }
    }
    this.publishToNamespace?.(changes);
  }

  private schedulePruning(): void {
    const report = (error: unknown) =>
      this.options.logger.error({ err: error }, 'passenger retention failed');
    this.prune().catch(report);
    this.pruneTimer = setInterval(
      () => void this.prune().catch(report),
      this.options.pruneIntervalMs ?? 3_600_000,
    );
    this.pruneTimer.unref();
  }
}
