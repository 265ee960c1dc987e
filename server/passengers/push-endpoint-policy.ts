/**
 * Which push services the hub will send to. A subscription's endpoint is a URL the browser made
 * up, and the hub POSTs to it: left open, any passenger could make the hub send requests to any
 * address it reaches (SSRF). So endpoints must be https on port 443 of a known public push
 * service, or on an origin the operator listed (JETBRIDGE_PUSH_SERVICES: a private push
 * service, or the tests' local one).
 */
export const PUBLIC_PUSH_SERVICES: ReadonlyArray<{ name: string; host: RegExp }> = [
  // Chrome, Edge on Android, Opera, Samsung Internet: Firebase Cloud Messaging.
  { name: 'FCM', host: /^fcm\.googleapis\.com$/ },
  // Firefox: Mozilla autopush.
  { name: 'Mozilla autopush', host: /^updates\.push\.services\.mozilla\.com$/ },
  // Safari (macOS 13+, iOS 16.4+ home-screen web apps).
  { name: 'Apple Web Push', host: /^web\.push\.apple\.com$/ },
  // Edge on Windows: Windows Push Notification Services (regional hosts).
  { name: 'WNS', host: /^[a-z0-9-]+\.notify\.windows\.com$/ },
];

export interface PushEndpointPolicy {
  /** Null when the endpoint may be pushed to; else why not (said to the page as it is). */
  problem(endpoint: string): string | null;
}

/** `extraOrigins`: https origins of private push services, e.g. `https://push.internal:8443`. */
export function createPushEndpointPolicy(extraOrigins: readonly string[] = []): PushEndpointPolicy {
  const extra = new Set(extraOrigins.map((origin) => new URL(origin).origin));
  return {
    problem(endpoint) {
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        return 'endpoint: must be a URL';
      }
      if (url.protocol !== 'https:') return 'endpoint: must be an https URL';
      if (url.username || url.password) return 'endpoint: must not carry credentials';
      if (extra.has(url.origin)) return null;
      if (url.port !== '' && url.port !== '443') {
        return 'endpoint: is not a known push service';
      }
      const known = PUBLIC_PUSH_SERVICES.some((service) => service.host.test(url.hostname));
      return known ? null : 'endpoint: is not a known push service';
    },
  };
}

/** Reads JETBRIDGE_PUSH_SERVICES (comma-separated https origins); throws naming a bad one. */
export function parsePushServiceOrigins(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  return value.split(',').map((part) => {
    const text = part.trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`"${text}" is not a URL`);
    }
    if (url.protocol !== 'https:') throw new Error(`"${text}" is not an https origin`);
    if (url.pathname !== '/' || url.search || url.hash || url.username) {
      throw new Error(`"${text}" must be an origin only (https://host[:port])`);
    }
    return url.origin;
  });
}
