import { createHash, createHmac, hkdfSync, randomUUID, webcrypto } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

/** How long a passenger's lookup lasts before the page has to look the booking up again. */
export const PASSENGER_TOKEN_HOURS = 2;
/** An unsubscribe link keeps working this long after its e-mail was sent. */
export const UNSUBSCRIBE_LINK_DAYS = 90;

const PASSENGER_AUDIENCE = 'jetbridge:passenger';
const UNSUBSCRIBE_AUDIENCE = 'jetbridge:unsubscribe';
const MAX_TOKEN_LENGTH = 2048;
/** The protected header of an unsubscribe link's token, encoded once. */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/** Who a passenger token speaks for: one passenger of one booking. */
export interface PassengerTicket {
  pnr: string;
  /** familyKey of the passenger's name (passenger-names.ts). */
  family: string;
  jti: string;
  expiresAt: number;
}

/** What a one-click unsubscribe link stops: e-mail to one address of one booking. */
export interface UnsubscribeTicket {
  pnr: string;
  channel: 'email';
  /** addressDigest of the e-mail address the link was sent to. */
  to: string;
}

/**
 * Passenger tokens and unsubscribe links, signed with keys derived from the hub's secret (HKDF,
 * one key per purpose) and marked with their own audience. A staff session token is signed with
 * the secret itself, so neither kind can ever be taken for the other, whatever claims it carries.
 */
export class PassengerTokens {
  readonly #passengerKey: Promise<HmacKey>;
  readonly #unsubscribeKey: Promise<HmacKey>;
  readonly #unsubscribeSecret: Uint8Array;

  constructor(
    secret: string,
    private readonly now: () => Date,
    private readonly hours = PASSENGER_TOKEN_HOURS,
  ) {
    this.#passengerKey = importHmacKey(deriveSecret(secret, 'jetbridge passenger token'));
    this.#unsubscribeSecret = deriveSecret(secret, 'jetbridge unsubscribe link');
    this.#unsubscribeKey = importHmacKey(this.#unsubscribeSecret);
  }

  async issue(pnr: string, family: string): Promise<string> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({ fam: family })
      .setProtectedHeader({ alg: 'HS256', typ: 'passenger+jwt' })
      .setSubject(pnr)
      .setAudience(PASSENGER_AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + Math.round(this.hours * 3600))
      .sign(await this.#passengerKey);
  }

  /** The ticket of a valid, unexpired passenger token; null for anything else. */
  async verify(token: unknown): Promise<PassengerTicket | null> {
    const payload = await this.#read(token, this.#passengerKey, PASSENGER_AUDIENCE);
    if (!payload || typeof payload.fam !== 'string' || !payload.jti) return null;
    return {
      pnr: payload.sub!,
      family: payload.fam,
      jti: payload.jti,
      expiresAt: payload.exp! * 1000,
    };
  }

  /**
   * A compact HS256 JWT (RFC 7515/7519) signed with node:crypto's HMAC rather than jose's
   * SignJWT: jose signs through WebCrypto, an asynchronous job per token, which was 5.5 % of the
   * hub's CPU in a passenger burst (every e-mail carries a link). Verified by jose
   * (verifyUnsubscribe); passenger-tokens.test.ts proves jose takes these and refuses altered ones.
   */
  async unsubscribeToken(pnr: string, email: string): Promise<string> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const claims = {
      ch: 'email',
      to: addressDigest(email),
      sub: pnr,
      aud: UNSUBSCRIBE_AUDIENCE,
      iat: issuedAt,
      exp: issuedAt + UNSUBSCRIBE_LINK_DAYS * 86_400,
    };
    const signed = `${HS256_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = createHmac('sha256', this.#unsubscribeSecret)
      .update(signed)
      .digest('base64url');
    return `${signed}.${signature}`;
  }

  async verifyUnsubscribe(token: unknown): Promise<UnsubscribeTicket | null> {
    const payload = await this.#read(token, this.#unsubscribeKey, UNSUBSCRIBE_AUDIENCE);
    if (!payload || payload.ch !== 'email' || typeof payload.to !== 'string') return null;
    return { pnr: payload.sub!, channel: 'email', to: payload.to };
  }

  async #read(token: unknown, key: Promise<HmacKey>, audience: string) {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, await key, {
        algorithms: ['HS256'],
        audience,
        currentDate: this.now(),
        requiredClaims: ['sub', 'exp'],
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }
}

type HmacKey = webcrypto.CryptoKey;

function deriveSecret(secret: string, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'jetbridge', purpose, 32));
}

/** Imported once: jose would import a raw key again on every sign and verify. */
function importHmacKey(raw: Uint8Array): Promise<HmacKey> {
  return webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** Names an e-mail address in a link without putting the address itself in it. */
export function addressDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 22);
}
