import type { Change, GateChange } from '../../core';
import type { FlightStore } from '../store/flight-store';

/**
 * The latest move of each flight from one assigned gate to another, from the hub's own change
 * log (so a page opened after the change still says "Gate change"): followed live, and read from
 * a flight's history the first time a passenger asks about it.
 */
export class GateChanges {
  /** null: looked up, none. */
  private readonly latest = new Map<string, GateChange | null>();

  constructor(private readonly store: Pick<FlightStore, 'history'>) {}

  /** Call with every durable change, in seq order. */
  observe(change: Change): void {
    if (change.change.kind === 'archived') {
      this.latest.delete(change.flight.id);
      return;
    }
    const gate = change.change.fields.gate;
    if (gate && typeof gate.from === 'string' && gate.from !== gate.to) {
      this.latest.set(change.flight.id, { from: gate.from, at: change.change.at });
    }
  }

  /** Known without reading the history (live changes, or looked up before). */
  known(flightId: string): GateChange | null {
    return this.latest.get(flightId) ?? null;
  }

  async of(flightId: string): Promise<GateChange | null> {
    const known = this.latest.get(flightId);
    if (known !== undefined) return known;
    const { entries } = await this.store.history(flightId, { limit: 50 });
    let found: GateChange | null = null;
    for (const entry of entries) {
      const gate = entry.fields.gate;
      if (gate && typeof gate.from === 'string' && gate.from !== gate.to) {
        found = { from: gate.from, at: entry.at };
        break;
      }
    }
    // A live change may have arrived while the history was read: it is newer.
    if (!this.latest.has(flightId)) this.latest.set(flightId, found);
    return this.latest.get(flightId) ?? null;
  }
}
