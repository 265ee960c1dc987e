/**
 * The notification channels' requests on a thread of their own. In a passenger burst the hub
 * sends a thousand messages a second; the providers' side of each — an HTTPS request to Twilio,
 * an SMTP session, Web Push's payload encryption and TLS — is most of the CPU a message costs,
 * and on the hub's event loop it queues agents' edit acknowledgements behind it. Here the hub's
 * thread only reads what a send needs from its own state (`prepare`: the push subscription, the
 * unsubscribe headers) and hands the record over; twins of the channels on the sending thread
 * (sending-thread-worker.ts) make the request and answer with the SendResult.
 *
 * The thread keeps nothing: the dispatcher still claims every record durably before it sends and
 * stores every outcome, so the promises of the outbox are unchanged. A thread that dies mid-send
 * answers its sends as unconfirmed (they may have gone out): Twilio's are checked with the
 * provider before any resend, exactly as after a hub crash. The next send starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { NotificationChannelName } from '../../core';
import type { NotificationChannel, SendResult, ThreadableChannel } from './notification-channel';
import type { NotificationRecord } from './notification-record';
import type {
  FromSendingThread,
  SendingThreadData,
  ToSendingThread,
} from './sending-thread-messages';

export type ThreadableChannels = Partial<Record<NotificationChannelName, ThreadableChannel>>;

export interface SendingThreadOptions {
  logger: Logger;
  /**
   * The thread's entry. Default: sending-thread-boot.mjs beside this module, which compiles
   * sending-thread-worker.ts with tsx (the hub runs from its TypeScript sources).
   */
  entry?: URL;
  /** How long `close` lets the thread end its connections before stopping it. Default 5 s. */
  closeTimeoutMs?: number;
}

type Pending =
  | { op: 'send'; resolve(result: SendResult): void }
  | { op: 'findSent'; resolve(sids: string[]): void; reject(error: Error): void };

type Request = ToSendingThread & { op: 'send' | 'findSent' };

export class SendingThread {
  /** The channels to give the dispatcher: each sends through the thread. */
  readonly channels: Partial<Record<NotificationChannelName, NotificationChannel>> = {};
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private whenClosed: (() => void) | null = null;
  /** Settles when the thread last started says it is ready, or rejects when it ends before. */
  private ready: Promise<void> = Promise.resolve();
  private whenReady: (() => void) | null = null;

  constructor(
    private readonly hubChannels: ThreadableChannels,
    private readonly options: SendingThreadOptions,
  ) {
    for (const channel of Object.values(hubChannels)) {
      this.channels[channel.name] = this.relay(channel);
    }
  }

  /**
   * Starts the thread and waits until it takes sends; rejects, naming why, when it cannot start.
   * A hub does this when it starts: a first send must not wait for the thread to load (with
   * several hubs, a send that outlasts its claim's lease may be taken and made by another hub),
   * and a thread that cannot start is a fault to report then, not at the first passenger's
   * message. A thread that dies later is started again by the next send.
   */
  async start(): Promise<void> {
    this.thread();
    await this.ready;
  }

  /** Lets the thread end its providers' connections, stops it, and closes the hub's channels. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (worker) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.closeTimeoutMs ?? 5_000);
        this.whenClosed = () => {
          clearTimeout(timer);
          resolve();
        };
        worker.once('exit', this.whenClosed);
        worker.postMessage({ op: 'close' } satisfies ToSendingThread);
      });
      await worker.terminate();
    }
    await Promise.allSettled(Object.values(this.hubChannels).map((channel) => channel.close?.()));
  }

  private relay(channel: ThreadableChannel): NotificationChannel {
    const relayed: NotificationChannel = {
      name: channel.name,
      send: (record) => this.send(channel, record),
      ...(channel.listingDelayMs !== undefined ? { listingDelayMs: channel.listingDelayMs } : {}),
    };
    if (channel.findSent) {
      relayed.findSent = (record, since) =>
        new Promise<string[]>((resolve, reject) => {
          const id = this.nextId++;
          this.pending.set(id, { op: 'findSent', resolve, reject });
          this.post({
            op: 'findSent',
            id,
            channel: channel.name,
            record,
            since: since.toISOString(),
          });
        });
    }
    return relayed;
  }

  private async send(channel: ThreadableChannel, record: NotificationRecord): Promise<SendResult> {
    let context;
    try {
      context = await channel.prepare(record);
    } catch (error) {
      const reason = `preparing the ${channel.name} message failed: ${describe(error)}`;
      return { ok: false, temporary: true, reason };
    }
    return new Promise<SendResult>((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { op: 'send', resolve });
      this.post({ op: 'send', id, channel: channel.name, record, context });
    });
  }

  private post(request: Request): void {
    if (this.closed) {
      this.refuse(request.id, 'the hub is stopping');
      return;
    }
    try {
      this.thread().postMessage(request);
    } catch (error) {
      this.refuse(request.id, describe(error));
    }
  }

  /** A request the thread never got: a send provably not made (retried as usual). */
  private refuse(id: number, why: string): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (pending.op === 'send') {
      pending.resolve({ ok: false, temporary: true, reason: `${why}; nothing was sent` });
    } else {
      pending.reject(new Error(why));
    }
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const data: SendingThreadData = {
      twins: Object.values(this.hubChannels).map((channel) => channel.twin),
    };
    const worker = new Worker(
      this.options.entry ?? new URL('./sending-thread-boot.mjs', import.meta.url),
      { workerData: data, execArgv: [], name: 'jetbridge-sending' },
    );
    // The hub's server keeps the process alive; a thread left running must not.
    worker.unref();
    let failure: Error | undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      this.whenReady = resolve;
      worker.once('exit', (code) => {
        const why = failure ? `: ${failure.message}` : '';
        reject(
          new Error(`the notification sending thread did not start (exit code ${code}${why})`),
        );
      });
    });
    // A thread started again by a send has nobody waiting for it to be ready.
    this.ready.catch(() => {});
    worker.on('message', (message: FromSendingThread) => this.settle(message));
    worker.on('error', (error) => {
      failure = error;
      this.options.logger.error({ err: error }, 'sending thread failed');
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (this.pending.size === 0) return;
      if (!this.closed) {
        this.options.logger.warn(
          { exitCode: code, sendsUnderWay: this.pending.size },
          'sending thread stopped mid-send; its sends are unconfirmed, and the next send starts a new thread',
        );
      }
      for (const id of [...this.pending.keys()]) {
        this.settle({
          op: 'failed',
          id,
          message: `the sending thread stopped (exit code ${code})`,
        });
      }
    });
    this.worker = worker;
    this.options.logger.info(
      { channels: data.twins.map((twin) => twin.name) },
      'notification sends run on their own thread',
    );
    return worker;
  }

  private settle(message: FromSendingThread): void {
    if (message.op === 'closed') {
      this.whenClosed?.();
      return;
    }
    if (message.op === 'ready') {
      this.whenReady?.();
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (pending.op === 'send') {
      pending.resolve(
        message.op === 'sent'
          ? message.result
          : message.op === 'failed'
            ? {
                ok: false,
                temporary: true,
                // The request may have been made before the thread went: checked before a resend.
                unconfirmed: true,
                reason: `${message.message}; it may have been sent`,
              }
            : { ok: false, temporary: true, reason: `unexpected answer ${message.op}` },
      );
    } else if (message.op === 'found') {
      pending.resolve(message.sids);
    } else {
      pending.reject(new Error(message.op === 'failed' ? message.message : `unexpected answer`));
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
