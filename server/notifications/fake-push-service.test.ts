import { Agent, request } from 'node:https';
import { importJWK, SignJWT } from 'jose';
import webpush from 'web-push';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakePushService, type FakeSubscription } from '../../test-support/fake-push-service';

// The fake is what the channel's tests trust: these prove its checks refuse what they should.
let service: FakePushService;
let agent: Agent;
let subscription: FakeSubscription;
const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@airport.example' };

beforeAll(async () => {
  service = await FakePushService.start();
  agent = new Agent({ ca: service.ca.cert });
});
afterAll(async () => {
  agent.destroy();
  await service.stop();
});
beforeEach(() => {
  service.reset();
  subscription = service.subscribe(vapid.publicKey);
});

function details(
  options: webpush.RequestOptions = {},
  endpoint = subscription.endpoint,
): webpush.RequestDetails {
  return webpush.generateRequestDetails(
    { endpoint, keys: subscription.keys },
    '{"title":"hello"}',
    { vapidDetails: vapid, TTL: 60, contentEncoding: 'aes128gcm', ...options },
  );
}

function post(
  headers: Record<string, string | number>,
  body: Buffer | null,
  url = subscription.endpoint,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

async function jwt(claims: Record<string, unknown>): Promise<string> {
  const point = Buffer.from(vapid.publicKey, 'base64url');
  const key = await importJWK(
    {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
      d: vapid.privateKey,
    },
    'ES256',
  );
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).sign(key);
}

describe('FakePushService', () => {
  it('accepts a well-formed push and records the decrypted payload', async () => {
    const { headers, body } = details({ urgency: 'high', topic: 'flight1' });
    expect(await post(headers, body)).toMatchObject({ status: 201 });
    expect(service.received).toMatchObject([
      { ttl: 60, urgency: 'high', topic: 'flight1', payload: { title: 'hello' }, status: 201 },
    ]);
  });

  it('refuses a forged signature, a wrong audience and a token living past 24 hours', async () => {
    const forged = webpush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: subscription.keys },
      'x',
      { vapidDetails: { ...vapid, privateKey: webpush.generateVAPIDKeys().privateKey } },
    );
    // The signature is the other key's, but k= claims the hub's.
    const claimed = forged.headers.Authorization!.replace(/k=.*$/, `k=${vapid.publicKey}`);
    expect(await post({ ...forged.headers, Authorization: claimed }, forged.body)).toMatchObject({
      status: 401,
      text: expect.stringMatching(/^JWT refused: signature verification failed/),
    });

    const elsewhere = details({}, 'https://push.example.net/push/abc');
    expect(await post(elsewhere.headers, elsewhere.body)).toMatchObject({
      status: 401,
      text: expect.stringContaining('"aud"'),
    });

    const now = Math.floor(Date.now() / 1000);
    const longLived = await jwt({ aud: service.origin, exp: now + 25 * 3600, sub: vapid.subject });
    const { headers, body } = details();
    const authorization = `vapid t=${longLived}, k=${vapid.publicKey}`;
    expect(await post({ ...headers, Authorization: authorization }, body)).toMatchObject({
      status: 401,
      text: 'JWT exp more than 24 hours ahead',
    });
    const noSubject = await jwt({ aud: service.origin, exp: now + 3600 });
    expect(
      await post({ ...headers, Authorization: `vapid t=${noSubject}, k=${vapid.publicKey}` }, body),
    ).toMatchObject({ status: 401, text: expect.stringContaining('"sub"') });
  });

  it('refuses another application key, a missing TTL, aesgcm and an altered payload', async () => {
    const stranger = service.subscribe(webpush.generateVAPIDKeys().publicKey);
    const { headers, body } = details({}, stranger.endpoint);
    expect(await post(headers, body, stranger.endpoint)).toMatchObject({ status: 403 });

    const good = details();
    const { TTL: _ttl, ...withoutTtl } = good.headers;
    expect(await post(withoutTtl, good.body)).toMatchObject({ status: 400, text: /TTL/ });

    const legacy = { ...good.headers, 'Content-Encoding': 'aesgcm' };
    expect(await post(legacy, good.body)).toMatchObject({ status: 415 });

    const altered = Buffer.from(good.body!);
    altered[altered.length - 1]! ^= 1;
    expect(await post(good.headers, altered)).toMatchObject({
      status: 400,
      text: /could not decrypt/,
    });
    expect(service.received).toEqual([]);
    expect(service.rejected.map((r) => r.status)).toEqual([403, 400, 415, 400]);
  });
});
