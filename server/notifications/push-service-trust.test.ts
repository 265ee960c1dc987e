import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePushService } from '../../test-support/fake-push-service';
import { createPushAgent, readTrustedPushCa } from './push-service-trust';

let folder: string;
let service: FakePushService;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jetbridge-push-ca-'));
  service = await FakePushService.start();
});
afterAll(async () => {
  await service.stop();
  await rm(folder, { recursive: true, force: true });
});

/** Status of a GET through `agent`, or the TLS error code. */
function reach(agent: ReturnType<typeof createPushAgent>): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(`${service.origin}/`, { agent }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    req.on('error', (error: Error & { code?: string }) => resolve(error.code ?? error.message));
    req.end();
  });
}

describe('JETBRIDGE_PUSH_CA', () => {
  it('is off when unset', async () => {
    expect(await readTrustedPushCa({})).toBeNull();
    expect(await readTrustedPushCa({ JETBRIDGE_PUSH_CA: ' ' })).toBeNull();
  });

  it('adds a CA file to the CAs push requests trust, and only then', async () => {
    const file = join(folder, 'push-ca.pem');
    await writeFile(file, `# the local push service\n${service.ca.cert}`);
    const extraCa = await readTrustedPushCa({ JETBRIDGE_PUSH_CA: file });
    expect(extraCa).toContain('-----BEGIN CERTIFICATE-----');
    expect(await reach(createPushAgent({ extraCa, maxSockets: 1 }))).toBe(404);
    expect(await reach(createPushAgent({ maxSockets: 1 }))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('refuses an unreadable file, one without certificates and a damaged one, by name', async () => {
    const missing = join(folder, 'missing.pem');
    await expect(readTrustedPushCa({ JETBRIDGE_PUSH_CA: missing })).rejects.toThrow(
      `JETBRIDGE_PUSH_CA: ${missing} cannot be read`,
    );
    const key = join(folder, 'key.pem');
    await writeFile(key, service.ca.key);
    await expect(readTrustedPushCa({ JETBRIDGE_PUSH_CA: key })).rejects.toThrow(
      `JETBRIDGE_PUSH_CA: ${key} holds no PEM certificate`,
    );
    const damaged = join(folder, 'damaged.pem');
    await writeFile(damaged, service.ca.cert.replace(/\n[A-Za-z0-9+/]{20}/, '\n'));
    await expect(readTrustedPushCa({ JETBRIDGE_PUSH_CA: damaged })).rejects.toThrow(
      /^JETBRIDGE_PUSH_CA: .*damaged\.pem: certificate 1 cannot be parsed/,
    );
  });
});
