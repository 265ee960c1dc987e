import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DataFolderError } from '../store/data-folder-error';
import { DurableJsonFile } from '../store/durable-json-file';
import type { UserRecord } from '../store/file-schemas';

export const REVOKED_SESSIONS_FILE = 'revoked-sessions.json';
/** The second copy: each copy alone knows every ended session. */
export const REVOKED_SESSIONS_COPY_FILE = 'revoked-sessions.copy.json';

const ledgerSchema = z.strictObject({
  revoked: z.array(z.strictObject({ jti: z.string().min(1).max(64), exp: z.number().int() })),
  /** The highest session epoch the hub has seen per user (users.json may be restored lower). */
  epochs: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Tokens issued before this instant (ms) are refused: the ledger was lost or the key changed. */
  validFrom: z.number().int().nonnegative().optional(),
  /** Which signing key issued the sessions this ledger knows of (an HMAC of it, not the key). */
  keyId: z.string().optional(),
});
type LedgerData = z.infer<typeof ledgerSchema>;

/**
 * Which sessions have ended, as the hub checks them synchronously on every request and socket
 * event: the data folder's ledger (SessionLedger) or the database's (PostgresAuth).
 */
export interface EndedSessions {
  /** Milliseconds since the epoch: sessions issued earlier are refused. */
  readonly validFrom: number;
  /** Whether the token id was signed out. */
  has(jti: string): boolean;
  /** The epoch sessions of `username` must carry. */
  epochOf(user: Pick<UserRecord, 'username' | 'sessionEpoch'>): number;
  /** Records the users' epochs where they are higher than any seen. */
  noteEpochs(users: Iterable<UserRecord>, nowSeconds: number): Promise<void>;
  /** Records the token as ended; resolves once durable. `exp` in seconds. */
  revoke(jti: string, exp: number, nowSeconds: number): Promise<void>;
  /** Waits for every change recorded so far to be durable. */
  flush(): Promise<void>;
}

/**
 * What ended sessions, kept so that no file lost or rolled back can bring one back:
 *
 * - logged-out token ids until their expiry, in two files written one after the other; at start
 *   the two are merged (union of token ids, highest epochs, latest `validFrom`), so either copy
 *   alone is enough. Neither present (a new folder, or both lost): every token issued before
 *   this start is refused.
 * - the highest session epoch seen per user: a users.json restored from a backup, with lower
 *   epochs, does not revive sessions a later password change or disable ended.
 * - the signing key's id: when the key changes (rotated, or an older key file restored), every
 *   token issued before this start is refused.
 *
 * Only a consistent rollback of the whole data folder can bring back a session logged out after
 * the backup was taken; rotate the signing key after such a restore (SECURITY.md).
 */
export class SessionLedger implements EndedSessions {
  /** Saves run one at a time: each writes both copies, one after the other. */
  private saving: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly files: readonly DurableJsonFile<LedgerData>[],
    private readonly revoked: Map<string, number>,
    private readonly epochs: Map<string, number>,
    /** Milliseconds since the epoch: sessions issued earlier are refused. */
    readonly validFrom: number,
    private readonly keyId: string,
  ) {}

  static async open(
    folder: string,
    options: { secret: string; now: () => Date; logger: Logger },
  ): Promise<SessionLedger> {
    const files = [REVOKED_SESSIONS_FILE, REVOKED_SESSIONS_COPY_FILE].map((name) =>
      ledgerFile(join(folder, name)),
    );
    const copies = await Promise.all(files.map((file) => file.read()));
    const present = copies.filter((copy): copy is LedgerData => copy !== null);
    const keyId = signingKeyId(options.secret);
    const nowMs = options.now().getTime();
    const merged = mergeCopies(present);
    let validFrom = merged.validFrom;
    if (present.length === 0) {
      validFrom = nowMs;
      options.logger.info(
        'no revoked-sessions.json (a new data folder, or both copies lost): sessions signed in before now are refused',
      );
    } else if (present.some((copy) => copy.keyId !== keyId)) {
      validFrom = nowMs;
      options.logger.warn(
        'the session signing key is not the one revoked-sessions.json knows (rotated, restored, or first start of this version): every session signed in before now has ended',
      );
    } else if (present.length < files.length) {
      options.logger.warn(
        { file: files[copies.indexOf(null)]!.filename },
        'one copy of the ended sessions is missing; rewritten from the other',
      );
    }
    const ledger = new SessionLedger(files, merged.revoked, merged.epochs, validFrom, keyId);
    await ledger.save(Math.floor(nowMs / 1000));
    return ledger;
  }

  has(jti: string): boolean {
    return this.revoked.has(jti);
  }

  /** The epoch sessions of `username` must carry: users.json's, never below the highest seen. */
  epochOf(user: Pick<UserRecord, 'username' | 'sessionEpoch'>): number {
    return Math.max(user.sessionEpoch ?? 0, this.epochs.get(user.username) ?? 0);
  }

  /** Records the users' epochs where they are higher than any seen; resolves once on disk. */
  async noteEpochs(users: Iterable<UserRecord>, nowSeconds: number): Promise<void> {
    let raised = false;
    for (const user of users) {
      const epoch = user.sessionEpoch ?? 0;
      if (epoch > (this.epochs.get(user.username) ?? 0)) {
        this.epochs.set(user.username, epoch);
        raised = true;
      }
    }
    if (raised) await this.save(nowSeconds);
  }

  /** Records the token as ended; resolves once both copies are on disk. `exp` in seconds. */
  async revoke(jti: string, exp: number, nowSeconds: number): Promise<void> {
    this.revoked.set(jti, exp);
    await this.save(nowSeconds);
  }

  /** Waits for every change recorded so far to be on disk (call before closing the hub). */
  async flush(): Promise<void> {
    await this.saving;
  }

  private save(nowSeconds: number): Promise<void> {
    const next = this.saving.then(() => this.write(nowSeconds));
    this.saving = next.catch(() => undefined);
    return next;
  }

  private async write(nowSeconds: number): Promise<void> {
    for (const [id, expiry] of this.revoked) if (expiry <= nowSeconds) this.revoked.delete(id);
    const data: LedgerData = {
      revoked: [...this.revoked].map(([jti, exp]) => ({ jti, exp })),
      epochs: Object.fromEntries(this.epochs),
      validFrom: this.validFrom,
      keyId: this.keyId,
    };
    // One after the other: a crash between them leaves one complete copy.
    for (const file of this.files) await file.write(data);
  }
}

/** The highest epoch per user either copy of the ledger of `dataDir` holds (for `users` edits). */
export async function readEpochFloors(dataDir: string): Promise<Map<string, number>> {
  const floors = new Map<string, number>();
  for (const name of [REVOKED_SESSIONS_FILE, REVOKED_SESSIONS_COPY_FILE]) {
    let copy: LedgerData | null;
    try {
      copy = await ledgerFile(join(dataDir, name)).read();
    } catch (error) {
      // A broken copy stops the hub, naming it; the other copy still counts here.
      if (error instanceof DataFolderError) continue;
      throw error;
    }
    for (const [username, epoch] of Object.entries(copy?.epochs ?? {})) {
      floors.set(username, Math.max(epoch, floors.get(username) ?? 0));
    }
  }
  return floors;
}

/**
 * What both copies of the ledger of `dataDir` hold together, read only (migrate-to-postgres):
 * the signed-out token ids with their expiry (seconds), the highest epochs, the start of
 * validity, and the id of the key it was kept for (null: no ledger, or copies that disagree).
 */
export async function readEndedSessions(dataDir: string) {
  const copies: LedgerData[] = [];
  for (const name of [REVOKED_SESSIONS_FILE, REVOKED_SESSIONS_COPY_FILE]) {
    const copy = await ledgerFile(join(dataDir, name)).read();
    if (copy) copies.push(copy);
  }
  const keyIds = new Set(copies.map((copy) => copy.keyId));
  const keyId = keyIds.size === 1 ? ([...keyIds][0] ?? null) : null;
  return { ...mergeCopies(copies), keyId };
}

function mergeCopies(copies: readonly LedgerData[]) {
  const revoked = new Map<string, number>();
  const epochs = new Map<string, number>();
  let validFrom = 0;
  for (const copy of copies) {
    for (const { jti, exp } of copy.revoked) revoked.set(jti, Math.max(exp, revoked.get(jti) ?? 0));
    for (const [username, epoch] of Object.entries(copy.epochs ?? {})) {
      epochs.set(username, Math.max(epoch, epochs.get(username) ?? 0));
    }
    validFrom = Math.max(validFrom, copy.validFrom ?? 0);
  }
  return { revoked, epochs, validFrom };
}

/** An HMAC of the signing key: tells keys apart without storing one. */
export function signingKeyId(secret: string): string {
  return createHmac('sha256', secret).update('jetbridge session ledger key id').digest('base64url');
}

/** One copy of the ledger: checksummed, so a damaged copy is refused rather than believed. */
function ledgerFile(path: string) {
  return new DurableJsonFile(path, ledgerSchema, { checksum: true });
}
