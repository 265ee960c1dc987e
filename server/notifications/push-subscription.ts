import { z } from 'zod';
import { isP256PublicKey } from './vapid-keys';

/**
 * A browser's `PushSubscription` as its page posts it (`subscription.toJSON()`): where to push,
 * and the keys to encrypt for (RFC 8291). The endpoint is a capability URL of the push service;
 * with the keys it is personal data, so it is never logged in full.
 */
export const pushSubscriptionSchema = z.object({
  endpoint: z
    .url({ protocol: /^https$/, error: 'must be an https URL' })
    .max(2048, 'must be at most 2048 characters'),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'must be URL-safe base64')
      .refine(isP256PublicKey, 'must be an uncompressed P-256 public key'),
    auth: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'must be URL-safe base64')
      .refine((text) => Buffer.from(text, 'base64url').length === 16, 'must be 16 bytes'),
  }),
});
export type PushSubscriptionJson = z.infer<typeof pushSubscriptionSchema>;

/** The endpoint's origin and last characters: tells subscriptions apart in logs without the full URL. */
export function describeEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.origin}/…${url.pathname.slice(-6)}`;
  } catch {
    return '(invalid endpoint)';
  }
}
