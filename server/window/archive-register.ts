import { join } from 'node:path';
import { z } from 'zod';
import { DurableJsonFile } from '../store/durable-json-file';

/**
 * Flights the window archived, with when: an archived flight is never made again from the
 * schedule (a flight that left this morning stays gone), and after the retention period its
 * passenger data and notifications are pruned. Written before the archival is committed.
 */
export interface ArchiveRegister {
  has(flightId: string): boolean;
  /** Every flight id it remembers (archived within the retention period). */
  ids(): string[];
  /** Durable when resolved. */
  record(flightIds: readonly string[], at: Date): Promise<void>;
  /** Ids archived before `before`, oldest first. */
  archivedBefore(before: Date): string[];
  /** Forgets them (their data was pruned); durable when resolved. */
  forget(flightIds: readonly string[]): Promise<void>;
  /** Lets go of what it holds open (the database's register). */
  close?(): Promise<void>;
}

export const WINDOW_FILE = 'window.json';
const windowFileSchema = z.strictObject({
  archived: z.record(z.string(), z.iso.datetime({ offset: true })),
});

export class FileArchiveRegister implements ArchiveRegister {
  private constructor(
    private readonly file: DurableJsonFile<z.infer<typeof windowFileSchema>>,
    private readonly archived: Map<string, string>,
  ) {}

  static async open(folder: string): Promise<FileArchiveRegister> {
    const file = new DurableJsonFile(join(folder, WINDOW_FILE), windowFileSchema, {
      checksum: true,
    });
    const data = await file.read();
    return new FileArchiveRegister(file, new Map(Object.entries(data?.archived ?? {})));
  }

  has(flightId: string): boolean {
    return this.archived.has(flightId);
  }

  ids(): string[] {
    return [...this.archived.keys()];
  }

  /** When `flightId` was archived (ISO 8601), or undefined. */
  archivedAt(flightId: string): string | undefined {
    return this.archived.get(flightId);
  }

  async record(flightIds: readonly string[], at: Date): Promise<void> {
    for (const id of flightIds) if (!this.archived.has(id)) this.archived.set(id, at.toISOString());
    await this.#save();
  }

  archivedBefore(before: Date): string[] {
    const limit = before.getTime();
    return [...this.archived].filter(([, at]) => Date.parse(at) < limit).map(([id]) => id);
  }

  async forget(flightIds: readonly string[]): Promise<void> {
    for (const id of flightIds) this.archived.delete(id);
    await this.#save();
  }

  #save(): Promise<void> {
    return this.file.write({ archived: Object.fromEntries(this.archived) });
  }
}

export class MemoryArchiveRegister implements ArchiveRegister {
  readonly archived = new Map<string, number>();
  has(flightId: string) {
    return this.archived.has(flightId);
  }
  ids() {
    return [...this.archived.keys()];
  }
  async record(flightIds: readonly string[], at: Date) {
    for (const id of flightIds) if (!this.archived.has(id)) this.archived.set(id, at.getTime());
  }
  archivedBefore(before: Date) {
    return [...this.archived].filter(([, at]) => at < before.getTime()).map(([id]) => id);
  }
  async forget(flightIds: readonly string[]) {
    for (const id of flightIds) this.archived.delete(id);
  }
}
