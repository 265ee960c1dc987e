import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import { NotificationConfigError } from './notification-config';

/**
 * Which push services the hub trusts. Public ones (Mozilla, Google, Apple, Microsoft) have
 * certificates from the CAs Node ships. `JETBRIDGE_PUSH_CA` names a PEM file of further CA
 * certificates (a private push service, a TLS-inspecting proxy, the tests' local service): they
 * are trusted *in addition to* Node's CAs, for push requests only. Verification is never switched
 * off. An explicit CA list replaces Node's defaults, so the bundled roots are added back; a
 * NODE_EXTRA_CA_CERTS file is not (put those certificates in JETBRIDGE_PUSH_CA too).
 */
export async function readTrustedPushCa(
  env: Record<string, string | undefined> = process.env,
): Promise<string | null> {
  const file = env.JETBRIDGE_PUSH_CA?.trim();
  if (!file) return null;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new NotificationConfigError(
      'JETBRIDGE_PUSH_CA',
      `${file} cannot be read (${(error as Error).message})`,
    );
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (pems.length === 0) {
    throw new NotificationConfigError('JETBRIDGE_PUSH_CA', `${file} holds no PEM certificate`);
  }
  for (const [index, pem] of pems.entries()) {
    try {
      new X509Certificate(pem);
    } catch (error) {
      throw new NotificationConfigError(
        'JETBRIDGE_PUSH_CA',
        `${file}: certificate ${index + 1} cannot be parsed (${(error as Error).message})`,
      );
    }
  }
  return pems.join('\n');
}

/**
 * A keep-alive https agent for push requests that trusts Node's CAs plus `extraCa`. The CA list
 * is built into one secure context up front: left to each connection, parsing Node's ~140 roots
 * again blocks the event loop for tens of milliseconds per new TLS connection.
 */
export function createPushAgent(options: { extraCa?: string | null; maxSockets: number }): Agent {
  const secureContext = options.extraCa
    ? createSecureContext({ ca: [...rootCertificates, options.extraCa] })
    : undefined;
  return new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets,
    ...(secureContext ? { secureContext } : {}),
  });
}
