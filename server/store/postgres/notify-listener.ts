import type { Logger } from 'pino';
import pg from 'pg';

export interface NotifyListenerOptions {
  url: string;
  /** The NOTIFY channel (a plain identifier). */
  channel: string;
  logger: Logger;
  /** What is followed, for the log ("notifications", "passengers"). */
  what: string;
  onNotice(payload: string | undefined): void;
  /** Listening again after a lost connection: whatever was written meanwhile must be read. */
  onReconnected(): void;
  /** Wait before each reconnection (default 1 s). */
  reconnectMs?: number;
}

/**
 * One LISTEN connection held outside the pools, reconnected when lost. A shared table's copy in
 * each hub (passengers, notifications) hears the other hubs' writes through it.
 */
export class NotifyListener {
  #client: pg.Client | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  private constructor(private readonly options: NotifyListenerOptions) {}

  /** Listening when resolved: nothing committed after that goes unheard. */
  static async start(options: NotifyListenerOptions): Promise<NotifyListener> {
    const listener = new NotifyListener(options);
    await listener.#connect();
    return listener;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const { options } = this;
    const client = new pg.Client({
      connectionString: options.url,
      application_name: `jetbridge-hub-listen-${options.channel}`,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    const lost = (error?: Error) => {
      if (this.#client !== client) return;
      this.#client = null;
      client.end().catch(() => undefined);
      if (this.#closed) return;
      options.logger.warn({ err: error }, `${options.what} of other hubs unheard; reconnecting`);
      this.#retry();
    };
    client.on('notification', (message) => options.onNotice(message.payload));
    client.on('error', lost);
    client.on('end', () => lost());
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${options.channel}`);
    } catch (error) {
      this.#client = null;
      client.end().catch(() => undefined);
      throw error;
    }
  }

  #retry(): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#closed) return;
      this.#connect().then(
        () => this.options.onReconnected(),
        () => this.#retry(),
      );
    }, this.options.reconnectMs ?? 1_000);
  }
}
