import { join } from 'node:path';
import { z } from 'zod';
import { DurableJsonFile } from '../store/durable-json-file';

export const REVOKED_SESSIONS_FILE = 'revoked-sessions.json';

const revokedSessionsSchema = z.strictObject({
  revoked: z.array(z.strictObject({ jti: z.string().min(1).max(64), exp: z.number().int() })),
});

/**
 * Tokens ended by logout before their expiry, by token id (`jti`), kept in the data folder so a
 * restart does not bring them back. An entry is dropped once its token would have expired anyway.
 */
export class RevokedSessions {
  private constructor(
    private readonly file: DurableJsonFile<z.infer<typeof revokedSessionsSchema>>,
    private readonly revoked: Map<string, number>,
  ) {}

  static async open(folder: string): Promise<RevokedSessions> {
    const file = new DurableJsonFile(join(folder, REVOKED_SESSIONS_FILE), revokedSessionsSchema);
    const data = await file.read();
    return new RevokedSessions(file, new Map((data?.revoked ?? []).map((r) => [r.jti, r.exp])));
  }

  has(jti: string): boolean {
    return this.revoked.has(jti);
  }

  /** Records the token as ended; resolves once that is on disk. `exp` in seconds since epoch. */
  async revoke(jti: string, exp: number, nowSeconds: number): Promise<void> {
    for (const [id, expiry] of this.revoked) if (expiry <= nowSeconds) this.revoked.delete(id);
    this.revoked.set(jti, exp);
    await this.file.write({
      revoked: [...this.revoked].map(([id, expiry]) => ({ jti: id, exp: expiry })),
    });
  }
}
