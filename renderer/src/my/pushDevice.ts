import { fetchPushKey, registerPushSubscription } from './passengerHub';
import { usePassengerStore } from './passengerStore';

export type PushOutcome = 'done' | 'blocked' | 'unsupported' | 'failed';

/** The VAPID key as the bytes `applicationServerKey` takes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const text = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * "Notify me on this device": registers the service worker (`/my/sw.js`, scope `/my/`), asks
 * the browser for a push subscription with the hub's VAPID key and hands it to the hub.
 */
export async function notifyThisDevice(): Promise<PushOutcome> {
  const token = usePassengerStore.getState().session?.token;
  if (!token) return 'failed';
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return 'unsupported';
  try {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') return 'blocked';
    const registration = await navigator.serviceWorker.register('/my/sw.js', { scope: '/my/' });
    await activated(registration);
    const publicKey = await fetchPushKey();
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      }));
    const preferences = await registerPushSubscription(token, subscription.toJSON());
    usePassengerStore.setState({ preferences });
    return 'done';
  } catch {
    return 'failed';
  }
}

/** Push needs an active worker; a fresh registration is still installing. */
function activated(registration: ServiceWorkerRegistration): Promise<void> {
  const worker = registration.installing ?? registration.waiting;
  if (registration.active || !worker) return Promise.resolve();
  return new Promise((resolve) => {
    if (worker.state === 'activated') return resolve();
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
    });
  });
}
