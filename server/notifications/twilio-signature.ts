import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature: base64 HMAC-SHA1, keyed with the auth token, of the full URL
 * followed by each POST parameter's name and value, sorted by name.
 */
export function computeTwilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string | readonly string[]>>,
): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    const values = typeof value === 'string' ? [value] : [...value].sort();
    for (const item of values) data += name + item;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Checks `X-Twilio-Signature` for a callback, in constant time. The URL must be the one Twilio
 * called (scheme, host, path and query exactly); behind a proxy, pass the public URL. Twilio
 * may sign with or without the default port, so both forms are accepted.
 */
export function isValidTwilioSignature(input: {
  authToken: string;
  url: string;
  params: Readonly<Record<string, string | readonly string[]>>;
  signature: string | undefined;
}): boolean {
  if (!input.signature) return false;
  const given = Buffer.from(input.signature);
  return urlVariants(input.url).some((url) => {
    const expected = Buffer.from(computeTwilioSignature(input.authToken, url, input.params));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

function urlVariants(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const defaultPort = { 'https:': '443', 'http:': '80' }[parsed.protocol];
  // parsed.port is '' when the URL names no port or the default one.
  if (parsed.port !== '' || !defaultPort) return [url];
  const auth = parsed.username ? `${parsed.username}:${parsed.password}@` : '';
  const rest = `${parsed.pathname}${parsed.search}`;
  const withoutPort = `${parsed.protocol}//${auth}${parsed.hostname}${rest}`;
  const withPort = `${parsed.protocol}//${auth}${parsed.hostname}:${defaultPort}${rest}`;
  return [...new Set([url, withoutPort, withPort])];
}
