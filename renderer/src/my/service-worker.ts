/**
 * The passengers' service worker (`/my/sw.js`, scope `/my/`): shows the hub's pushes
 * (server/notifications/web-push-message.ts) and opens the page on a click. It caches nothing:
 * a flight's status must never come from a stale copy.
 */

// The page's tsconfig has DOM types, not WebWorker ones: the few this file uses.
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface PushEventLike extends ExtendableEventLike {
  data: { json(): unknown } | null;
}
interface NotificationEventLike extends ExtendableEventLike {
  notification: Notification;
}
interface WindowClientLike {
  url: string;
  focus(): Promise<unknown>;
}
interface ServiceWorkerScope {
  registration: ServiceWorkerRegistration;
  clients: {
    matchAll(options: {
      type: 'window';
      includeUncontrolled: boolean;
    }): Promise<WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(
    type: 'install' | 'activate',
    listener: (event: ExtendableEventLike) => void,
  ): void;
  addEventListener(type: 'push', listener: (event: PushEventLike) => void): void;
  addEventListener(
    type: 'notificationclick',
    listener: (event: NotificationEventLike) => void,
  ): void;
}

const worker = self as unknown as ServiceWorkerScope;

interface PushPayload {
  title: string;
  body: string;
  tag: string;
  lang: string;
  url: string;
  at: string;
}

function readPayload(event: PushEventLike): PushPayload | null {
  try {
    const value = event.data?.json() as Partial<PushPayload> | undefined;
    if (typeof value?.title !== 'string' || typeof value.body !== 'string') return null;
    return {
      title: value.title,
      body: value.body,
      tag: typeof value.tag === 'string' ? value.tag : 'jetbridge',
      lang: typeof value.lang === 'string' ? value.lang : 'en',
      // Only pages of this site open on a click.
      url: typeof value.url === 'string' && value.url.startsWith('/my') ? value.url : '/my/',
      at: typeof value.at === 'string' ? value.at : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}

worker.addEventListener('install', (event) => event.waitUntil(worker.skipWaiting()));
worker.addEventListener('activate', (event) => event.waitUntil(worker.clients.claim()));

worker.addEventListener('push', (event) => {
  const payload = readPayload(event);
  if (!payload) return;
  event.waitUntil(
    worker.registration.showNotification(payload.title, {
      body: payload.body,
      // One notification per flight: a newer notice replaces the older one.
      tag: payload.tag,
      lang: payload.lang,
      icon: '/my/icon-256.png',
      data: { url: payload.url },
      timestamp: Date.parse(payload.at),
    } as NotificationOptions),
  );
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/my/';
  event.waitUntil(
    worker.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).pathname.startsWith('/my'));
      return open ? open.focus() : worker.clients.openWindow(url);
    }),
  );
});
