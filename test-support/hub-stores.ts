import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { stopSharedPostgres } from './postgres';

/** The flight stores every contract suite runs against. */
export type StoreKind = 'file' | 'postgres';
export const HUB_STORES: readonly StoreKind[] = ['file', 'postgres'];

/**
 * `describe.each` over both stores: `startTestHub({ store })` inside. The test file's shared
 * PostgreSQL (started on first use) is stopped after the file.
 */
export function describeEachStore(name: string, body: (store: StoreKind) => void): void {
  describe.each(HUB_STORES)(`${name} (%s store)`, body);
  afterAll(stopSharedPostgres);
}

/** A durably stored change, as both stores keep it. */
export interface StoredChangeLine {
  seq: number;
  flightId: string;
  opId: string;
  by: string;
  version: number;
  fields: Record<string, unknown>;
}

/**
 * What the store has durably recorded, read past the hub: the change log files of the data
 * folder, or the `flight_changes` table.
 */
export async function storedChanges(hub: {
  dataDir: string;
  databaseUrl: string | undefined;
}): Promise<StoredChangeLine[]> {
  if (hub.databaseUrl) {
    const client = new pg.Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<StoredChangeLine>(
        `SELECT seq::integer AS seq, flight_id AS "flightId", op_id AS "opId",
           changed_by AS "by", version, fields
         FROM flight_changes ORDER BY seq`,
      );
      return rows;
    } finally {
      await client.end();
    }
  }
  const folder = join(hub.dataDir, 'changes');
  const files = (await readdir(folder)).filter((name) => name.endsWith('.ndjson')).sort();
  const texts = await Promise.all(files.map((name) => readFile(join(folder, name), 'utf8')));
  return texts
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as StoredChangeLine);
}
