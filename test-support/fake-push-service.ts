import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { BrowserPushKeys } from './browser-push-keys';
import {
  createTestCertificateAuthority,
  issueServerCertificate,
  type TestCertificateAuthority,
} from './test-certificates';

/** A subscription as the page would post it to the hub, plus the browser's keys. */
export interface FakeSubscription {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
  browser: BrowserPushKeys;
  /** The VAPID public key the page subscribed with (`applicationServerKey`). */
  applicationServerKey: string;
}

/** One push that passed the service's checks (authorization, headers, decryption). */
export interface ReceivedPush {
  subscriptionId: string;
  ttl: number;
  urgency: string;
  topic: string | null;
  /** Claims of the verified VAPID JWT, and the token itself. */
  vapid: { aud: string; exp: number; sub: string; token: string };
  /** The decrypted payload as text, and parsed when it is JSON. */
  text: string;
  payload: unknown;
  /** What the service answered (a scripted failure still counts as received). */
  status: number;
}

export interface PushAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

const VAPID_MAX_LIFETIME_S = 24 * 3600;
const MAX_BODY_BYTES = 4096;
const URGENCIES = ['very-low', 'low', 'normal', 'high'];

/**
 * A local push service over https, checking what a real one (RFC 8030) checks: the VAPID
 * `Authorization: vapid t=…, k=…` header (ES256 signature with the given key, `aud` the
 * endpoint's origin, `exp` at most 24 h ahead, `sub` a contact, the key the subscription was
 * made with), `TTL`, `Urgency`, `Topic`, `Content-Encoding: aes128gcm` and the 4096-byte limit.
 *
 * Where a real service cannot look, this one does: it decrypts the payload as the browser would
 * (BrowserPushKeys). A message the browser could not decrypt is refused with 400 here (a real
 * service would accept it, and the browser drop it) so a test cannot miss it.
 *
 * Its certificate comes from a CA made at start (`ca`): a client trusts it only when told to.
 * Answers are scripted: `answers` is consumed in order, `answersBySubscription` takes precedence,
 * then 201 Created with a `Location` per message. `expire()` makes a subscription answer 410.
 */
export class FakePushService {
  readonly received: ReceivedPush[] = [];
  /** Requests refused by the checks, with the reason. */
  readonly rejected: Array<{ status: number; reason: string }> = [];
  answers: PushAnswer[] = [];
  answersBySubscription = new Map<string, PushAnswer>();
  /** Wait this long before answering (a slow push service). */
  delayMs = 0;
  private readonly subscriptions = new Map<string, FakeSubscription>();
  private readonly expired = new Set<string>();
  private readonly server: Server;

  private constructor(
    readonly ca: TestCertificateAuthority,
    certificate: { cert: string; key: string },
  ) {
    this.server = createServer(certificate, (request, response) => {
      void this.handle(request, response);
    });
  }

  static async start(): Promise<FakePushService> {
    const ca = await createTestCertificateAuthority('Fake Push Service CA');
    const service = new FakePushService(ca, await issueServerCertificate(ca));
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
    return service;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `https://127.0.0.1:${port}`;
  }

  /** Subscribes a new "browser" with the hub's VAPID public key, as `pushManager.subscribe` does. */
  subscribe(applicationServerKey: string): FakeSubscription {
    const browser = BrowserPushKeys.create();
    const subscription: FakeSubscription = {
      endpoint: `${this.origin}/push/${randomUUID()}`,
      expirationTime: null,
      keys: browser.subscriptionKeys,
      browser,
      applicationServerKey,
    };
    this.subscriptions.set(idOf(subscription.endpoint), subscription);
    return subscription;
  }

  /** The browser unsubscribed (or the service dropped it): later pushes get 410 Gone. */
  expire(subscription: FakeSubscription): void {
    this.expired.add(idOf(subscription.endpoint));
  }

  /** Forgets what was received and scripted (subscriptions stay). */
  reset(): void {
    this.received.length = 0;
    this.rejected.length = 0;
    this.answers = [];
    this.answersBySubscription.clear();
    this.delayMs = 0;
  }

  receivedBy(subscription: FakeSubscription): ReceivedPush[] {
    const id = idOf(subscription.endpoint);
    return this.received.filter((push) => push.subscriptionId === id);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let answer: PushAnswer;
    try {
      answer = await this.check(request, body);
    } catch (error) {
      answer = { status: 500, body: (error as Error).message };
    }
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (response.destroyed) return;
    response.writeHead(answer.status, { 'Content-Type': 'text/plain', ...answer.headers });
    response.end(answer.body ?? '');
  }

  private async check(request: IncomingMessage, body: Buffer): Promise<PushAnswer> {
    const refuse = (status: number, reason: string): PushAnswer => {
      this.rejected.push({ status, reason });
      return { status, body: reason };
    };
    const match = /^\/push\/([\w-]+)$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return refuse(404, `no such resource ${request.url}`);
    const id = match[1]!;
    const subscription = this.subscriptions.get(id);
    if (!subscription) return refuse(404, 'unknown subscription');
    if (this.expired.has(id)) return refuse(410, 'subscription expired');

    const vapid = await this.verifyVapid(request.headers.authorization, subscription);
    if (typeof vapid === 'string') return refuse(vapid.startsWith('key') ? 403 : 401, vapid);

    const ttlHeader = request.headers.ttl;
    if (typeof ttlHeader !== 'string' || !/^\d+$/.test(ttlHeader)) {
      return refuse(400, `TTL header missing or invalid: ${String(ttlHeader)}`);
    }
    const urgency = request.headers.urgency ?? 'normal';
    if (typeof urgency !== 'string' || !URGENCIES.includes(urgency)) {
      return refuse(400, `invalid Urgency ${String(urgency)}`);
    }
    const topic = request.headers.topic;
    if (topic !== undefined && (typeof topic !== 'string' || !/^[\w-]{1,32}$/.test(topic))) {
      return refuse(400, `invalid Topic ${String(topic)}`);
    }
    if (body.length > MAX_BODY_BYTES) return refuse(413, `payload of ${body.length} bytes`);
    if (request.headers['content-encoding'] !== 'aes128gcm') {
      return refuse(415, `Content-Encoding ${String(request.headers['content-encoding'])}`);
    }
    let text: string;
    try {
      text = subscription.browser.decrypt(body).toString('utf8');
    } catch (error) {
      return refuse(400, `the browser could not decrypt the payload: ${(error as Error).message}`);
    }
    let payload: unknown = undefined;
    try {
      payload = JSON.parse(text);
    } catch {
      // Not JSON: the test looks at `text`.
    }
    const answer = this.answersBySubscription.get(id) ??
      this.answers.shift() ?? {
        status: 201,
        headers: { Location: `${this.origin}/message/${randomUUID()}`, TTL: ttlHeader },
      };
    this.received.push({
      subscriptionId: id,
      ttl: Number(ttlHeader),
      urgency,
      topic: topic ?? null,
      vapid,
      text,
      payload,
      status: answer.status,
    });
    return answer;
  }

  /** The claims, or why the header is refused ("key …" when it is the wrong application key). */
  private async verifyVapid(
    header: string | undefined,
    subscription: FakeSubscription,
  ): Promise<ReceivedPush['vapid'] | string> {
    const params = /^vapid\s+(.+)$/i.exec(header ?? '')?.[1];
    if (!params) return `Authorization is not a vapid scheme: ${String(header)}`;
    const fields = new Map(
      params.split(',').map((part) => {
        const [name, ...value] = part.trim().split('=');
        return [name!.toLowerCase(), value.join('=')] as const;
      }),
    );
    const token = fields.get('t');
    const key = fields.get('k');
    if (!token || !key) return 'vapid authorization needs t= and k=';
    if (key !== subscription.applicationServerKey) {
      return 'key k= is not the application server key of this subscription';
    }
    const point = Buffer.from(key, 'base64url');
    if (point.length !== 65 || point[0] !== 4) return 'k= is not an uncompressed P-256 key';
    try {
      if (decodeProtectedHeader(token).alg !== 'ES256') return 'JWT is not ES256';
      const publicKey = await importJWK(
        {
          kty: 'EC',
          crv: 'P-256',
          x: point.subarray(1, 33).toString('base64url'),
          y: point.subarray(33).toString('base64url'),
        },
        'ES256',
      );
      const audience = new URL(subscription.endpoint).origin;
      const { payload } = await jwtVerify(token, publicKey, {
        algorithms: ['ES256'],
        audience,
        requiredClaims: ['exp', 'sub'],
      });
      const now = Math.floor(Date.now() / 1000);
      if (payload.exp! > now + VAPID_MAX_LIFETIME_S) return 'JWT exp more than 24 hours ahead';
      const sub = String(payload.sub);
      if (!/^(mailto:|https:\/\/)/.test(sub)) return `JWT sub is not a contact: ${sub}`;
      return { aud: audience, exp: payload.exp!, sub, token };
    } catch (error) {
      return `JWT refused: ${(error as Error).message}`;
    }
  }
}

function idOf(endpoint: string): string {
  return new URL(endpoint).pathname.split('/').pop()!;
}
