/* global self, caches */
// The display page's service worker (scope /display/): a screen that powers on or reloads while
// the hub is unreachable still opens its page, which then says its information may not be
// current and reconnects by itself. The page is fetched from the network first (a new build
// reaches screens on their next reload) and kept as the fallback; built assets are immutable.
// Socket.IO and the API are never touched.
const CACHE = 'jetbridge-display-v1';
const PAGE = '/display/__page';

// The page is the same for every token: keep it, and the assets it names, from the start.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const response = await fetch(PAGE, { cache: 'no-store' });
      if (!response.ok) return;
      const html = await response.clone().text();
      const assets = [...html.matchAll(/(?:src|href)="(\/display\/assets\/[^"]+)"/g)].map(
        (match) => match[1],
      );
      await cache.put(PAGE, response);
      await cache.addAll(assets);
      await self.skipWaiting();
    })(),
  );
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname.startsWith('/display/')) {
    event.respondWith(
      fetch(request)
        .then(async (response) => {
          if (response.ok) await (await caches.open(CACHE)).put(PAGE, response.clone());
          return response;
        })
        .catch(async () => (await caches.match(PAGE)) ?? Response.error()),
    );
  } else if (url.pathname.startsWith('/display/assets/')) {
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then(async (response) => {
            if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
            return response;
          }),
      ),
    );
  }
});
