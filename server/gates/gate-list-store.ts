import { join } from 'node:path';
import type { Logger } from 'pino';
import type pg from 'pg';
import { gatesBodySchema, type GateEntry } from '../../core/gates';
import { DurableJsonFile } from '../store/durable-json-file';
import {
  WatchedHubDocument,
  editHubDocument,
  seedHubDocument,
} from '../store/postgres/hub-documents';

export const GATES_FILE = 'gates.json';
/** The gate list's name in the database's hub_documents (migration 006). */
export const GATES_DOCUMENT = 'gates';

/**
 * The airport's gate list (contract section 11): in the data folder (one hub), or in the
 * database, shared by every hub (PostgreSQL mode). `replace` is given a list already validated.
 */
export interface GateListStore {
  gates(): readonly GateEntry[];
  /** Replaces the list; durable when resolved. */
  replace(gates: readonly GateEntry[]): Promise<void>;
  /** The list changed by someone else (another hub): this hub's conflicts follow it. */
  onChange(listener: (gates: readonly GateEntry[]) => void): void;
  close(): Promise<void>;
}

/**
 * `gates.json` in the data folder: validated on read (a broken file stops the hub, naming it),
 * written atomically and durably, mode 0600. A folder without the file starts from `initial`
 * (the demo airport's gates, or none), which is written at once so the list a hub serves is
 * always the one on disk. Only this hub writes it.
 */
export class FileGateListStore implements GateListStore {
  private constructor(
    private readonly file: DurableJsonFile<{ gates: GateEntry[] }>,
    private current: readonly GateEntry[],
  ) {}

  static async open(
    folder: string,
    initial: () => readonly GateEntry[],
  ): Promise<FileGateListStore> {
    const file = new DurableJsonFile(join(folder, GATES_FILE), gatesBodySchema, { pretty: true });
    const stored = await file.read();
    if (stored) return new FileGateListStore(file, stored.gates);
    const gates = gatesBodySchema.parse({ gates: initial() }).gates;
    await file.write({ gates });
    return new FileGateListStore(file, gates);
  }

  gates(): readonly GateEntry[] {
    return this.current;
  }

  async replace(gates: readonly GateEntry[]): Promise<void> {
    await this.file.write({ gates: [...gates] });
    this.current = gates;
  }

  onChange(): void {
    // No one else writes the file.
  }

  async close(): Promise<void> {}
}

/**
 * The gate list in the database (hub_documents 'gates'), shared by every hub: a supervisor's
 * edit on one hub is every hub's list at once (LISTEN/NOTIFY, and a poll). An empty database
 * starts from `initial`, once, whichever hub comes first. The pool is the store's: `close` ends it.
 */
export class PostgresGateListStore implements GateListStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly document: WatchedHubDocument<{ gates: GateEntry[] }>,
  ) {}

  static async open(
    pool: pg.Pool,
    url: string,
    logger: Logger,
    initial: () => readonly GateEntry[],
  ): Promise<PostgresGateListStore> {
    await seedHubDocument(pool, GATES_DOCUMENT, gatesBodySchema.parse({ gates: initial() }));
    const document = await WatchedHubDocument.open({
      pool,
      url,
      name: GATES_DOCUMENT,
      schema: gatesBodySchema,
      empty: { gates: [] },
      logger,
    });
    document.watch();
    return new PostgresGateListStore(pool, document);
  }

  gates(): readonly GateEntry[] {
    return this.document.value.gates;
  }

  async replace(gates: readonly GateEntry[]): Promise<void> {
    await editHubDocument(
      this.pool,
      GATES_DOCUMENT,
      gatesBodySchema,
      () => ({ gates: [...gates] }),
      {
        gates: [],
      },
    );
    // This hub's own answer and conflicts follow the edit at once, not the notification.
    await this.document.reload();
  }

  onChange(listener: (gates: readonly GateEntry[]) => void): void {
    this.document.onChange((body) => listener(body.gates));
  }

  /** Stops following and ends the pool, which is this store's own. */
  async close(): Promise<void> {
    this.document.close();
    await this.pool.end();
  }
}
