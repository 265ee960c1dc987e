import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { PassengerTokens, UNSUBSCRIBE_LINK_DAYS, addressDigest } from './passenger-tokens';

const SECRET = 'a-secret-of-the-hub-long-enough-to-matter';
const at = new Date('2026-11-29T03:00:00Z');

describe('unsubscribe link tokens', () => {
  it('are standard HS256 JWTs that jose verifies', async () => {
    const tokens = new PassengerTokens(SECRET, () => at);
    const token = await tokens.unsubscribeToken('ABC123', ' Asha@Example.com ');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256' });
    expect(decodeJwt(token)).toMatchObject({
      sub: 'ABC123',
      aud: 'jetbridge:unsubscribe',
      iat: at.getTime() / 1000,
      exp: at.getTime() / 1000 + UNSUBSCRIBE_LINK_DAYS * 86_400,
    });
    expect(await tokens.verifyUnsubscribe(token)).toEqual({
      pnr: 'ABC123',
      channel: 'email',
      to: addressDigest('asha@example.com'),
    });
  });

  it('are refused when altered, signed with another secret, expired, or of the other kind', async () => {
    const tokens = new PassengerTokens(SECRET, () => at);
    const token = await tokens.unsubscribeToken('ABC123', 'asha@example.com');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const otherPnr = Buffer.from(JSON.stringify({ ...claims, sub: 'XYZ999' })).toString(
      'base64url',
    );
    expect(await tokens.verifyUnsubscribe(`${header}.${otherPnr}.${signature}`)).toBeNull();
    const stranger = new PassengerTokens(`${SECRET}!`, () => at);
    expect(
      await tokens.verifyUnsubscribe(await stranger.unsubscribeToken('ABC123', 'a@b.c')),
    ).toBeNull();
    const later = new PassengerTokens(
      SECRET,
      () => new Date(at.getTime() + (UNSUBSCRIBE_LINK_DAYS + 1) * 86_400_000),
    );
    expect(await later.verifyUnsubscribe(token)).toBeNull();
    // Neither kind is ever taken for the other (keys and audiences of their own).
    expect(await tokens.verify(token)).toBeNull();
    expect(await tokens.verifyUnsubscribe(await tokens.issue('ABC123', 'rao'))).toBeNull();
  });
});
