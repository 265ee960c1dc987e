import { join } from 'node:path';
import { gatesBodySchema, type GateEntry } from '../../core/gates';
import { DurableJsonFile } from '../store/durable-json-file';

export const GATES_FILE = 'gates.json';

/**
 * The airport's gate list (contract section 11), `gates.json` in the data folder: validated on
 * read (a broken file stops the hub, naming it), written atomically and durably, mode 0600.
 * A folder without the file starts from `initial` (the demo airport's gates, or none), which is
 * written at once so the list a hub serves is always the one on disk.
 */
export class FileGateListStore {
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

  /** Replaces the list; durable when resolved. The caller has validated it. */
  async replace(gates: readonly GateEntry[]): Promise<void> {
    await this.file.write({ gates: [...gates] });
    this.current = gates;
  }
}
