/**
 * The passenger burst's three providers (a fake Twilio, an SMTP server, an https push service
 * that checks each VAPID signature and decrypts each payload), each answering after
 * `delayMs`, in a process of their own: on a site they are on the internet, not on the hub's
 * machine. `BurstProviders.start({ nice })` runs them at that niceness, so on a 2-core machine
 * their CPU (about 0.5 ms a message, mostly push decryption) yields to the hub's; their CPU time
 * is still measured and reported.
 *
 * Run as `node --import tsx bench/support/burst-providers.ts <delayMs>` with an IPC channel; the
 * parent asks over it (ProviderRequest) and reads the answers (ProviderAnswer).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { FakePushService } from '../../test-support/fake-push-service';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { TestSmtpServer } from '../../test-support/test-smtp-server';

interface ProvidersReady {
  type: 'ready';
  twilio: { apiBase: string; accountSid: string; authToken: string };
  smtpUrl: string;
  push: { origin: string; caCert: string };
}

/** Each channel's count, and when its first request came and its last answer went (ms). */
export interface ChannelTally {
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface ProvidersStatus {
  sms: ChannelTally;
  emails: ChannelTally;
  pushes: ChannelTally;
  /** The first push the service refused, if any (a signature or payload it could not check). */
  pushRefused: string | null;
}

type ProviderRequest =
  | { type: 'subscribe'; id: number; publicKey: string; count: number }
  | { type: 'status'; id: number }
  | { type: 'stop'; id: number };

type ProviderAnswer =
  | ProvidersReady
  | {
      type: 'subscribed';
      id: number;
      subscriptions: Array<{ endpoint: string; keys: { p256dh: string; auth: string } }>;
    }
  | ({ type: 'status'; id: number } & ProvidersStatus)
  | { type: 'stopped'; id: number };

/** The parent's side: starts the providers' process and asks it over IPC. */
export class BurstProviders {
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: ProviderAnswer) => void>();
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: ProvidersReady,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (answer: ProviderAnswer) => {
      if (!('id' in answer)) return;
      this.waiting.get(answer.id)?.(answer);
      this.waiting.delete(answer.id);
    });
  }

  static async start(options: { delayMs: number; nice: number }): Promise<BurstProviders> {
    const child = fork(import.meta.filename, [String(options.delayMs)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<ProvidersReady>((resolve, reject) => {
      child.once('message', (answer: ProviderAnswer) => {
        if (answer.type === 'ready') resolve(answer);
        else reject(new Error(`providers answered ${answer.type} before ready`));
      });
      child.once('exit', (code) => reject(new Error(`providers exited (${code}) before ready`)));
    });
    if (options.nice) await niceEveryThread(child.pid!, options.nice);
    return new BurstProviders(child, ready);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Subscribes `count` "browsers" with the hub's VAPID public key. */
  async subscribe(publicKey: string, count: number) {
    const answer = await this.ask({ type: 'subscribe', publicKey, count });
    if (answer.type !== 'subscribed') throw new Error(`unexpected answer ${answer.type}`);
    return answer.subscriptions;
  }

  async status(): Promise<ProvidersStatus> {
    const answer = await this.ask({ type: 'status' });
    if (answer.type !== 'status') throw new Error(`unexpected answer ${answer.type}`);
    return answer;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await this.ask({ type: 'stop' });
    await this.exited;
  }

  private ask(request: DistributiveOmit<ProviderRequest, 'id'>): Promise<ProviderAnswer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.child.send({ ...request, id }, (error) => {
        if (error) reject(error);
      });
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Counts a provider's requests as they come; the last answer goes `delayMs` after the last. */
function tally(list: unknown[], delayMs: number): () => ChannelTally {
  let firstAt = NaN;
  let lastAt = NaN;
  const push = list.push.bind(list);
  list.push = (...items: unknown[]) => {
    const now = performance.now();
    if (Number.isNaN(firstAt)) firstAt = now;
    lastAt = now;
    return push(...items);
  };
  return () => ({ count: list.length, firstAt, lastAt: lastAt + delayMs });
}

async function serve(delayMs: number): Promise<void> {
  const twilio = new FakeTwilioServer();
  twilio.delayMs = delayMs;
  await twilio.start();
  const smtp = new TestSmtpServer();
  smtp.delayMs = delayMs;
  await smtp.start();
  const push = await FakePushService.start();
  push.delayMs = delayMs;
  const tallies = {
    sms: tally(twilio.requests, delayMs),
    emails: tally(smtp.received, delayMs),
    pushes: tally(push.received, delayMs),
  };
  const answer = (message: ProviderAnswer) => process.send!(message);
  process.on('message', (request: ProviderRequest) => {
    switch (request.type) {
      case 'subscribe':
        answer({
          type: 'subscribed',
          id: request.id,
          subscriptions: Array.from({ length: request.count }, () => {
            const { endpoint, keys } = push.subscribe(request.publicKey);
            return { endpoint, keys };
          }),
        });
        return;
      case 'status':
        answer({
          type: 'status',
          id: request.id,
          sms: tallies.sms(),
          emails: tallies.emails(),
          pushes: tallies.pushes(),
          pushRefused: push.rejected[0]?.reason ?? null,
        });
        return;
      case 'stop':
        void Promise.all([twilio.stop(), smtp.stop(), push.stop()]).then(() => {
          answer({ type: 'stopped', id: request.id });
          process.disconnect();
        });
    }
  });
  answer({
    type: 'ready',
    twilio: { apiBase: twilio.apiBase, accountSid: twilio.accountSid, authToken: twilio.authToken },
    smtpUrl: smtp.url,
    push: { origin: push.origin, caCert: push.ca.cert },
  });
}

if (process.argv[1] === import.meta.filename && process.send) {
  await serve(Number(process.argv[2] ?? 0));
}

/**
 * Sets the niceness of every thread a running process has (Linux niceness is per thread; threads
 * it starts later inherit it from the thread that starts them).
 */
async function niceEveryThread(pid: number, nice: number): Promise<void> {
  for (const tid of await readdir(`/proc/${pid}/task`)) setPriority(Number(tid), nice);
}
