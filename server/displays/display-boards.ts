import {
  GATE_CHANGE_NOTICE_MS,
  belongsOnBoard,
  toPublicFlight,
  type DisplayBoard,
  type DisplaySettings,
  type Flight,
  type GateChange,
  type PublicFlight,
} from '../../core';
import type { GateChanges } from '../passengers/gate-changes';
import type { Airport } from '../store/file-schemas';
import type { FlightStore } from '../store/flight-store';

const HOUR = 3_600_000;
/** What a board receives: a little more than it lists, so it can page on its own for a while. */
const SENT_BEHIND_MS = 6 * HOUR;
const SENT_AHEAD_MS = 12 * HOUR;

export interface DisplayBoardsDeps {
  store: Pick<FlightStore, 'flights' | 'record'>;
  gateChanges: Pick<GateChanges, 'known' | 'of'>;
  airport: Airport;
  now: () => Date;
}

/**
 * What displays show, built by the hub from its own record (contract section 12): public fields
 * only (core/public-flight.ts), and a gate change from the change log, so a screen switched on
 * after the change still says "Gate change".
 */
export class DisplayBoards {
  constructor(private readonly deps: DisplayBoardsDeps) {}

  async board(display: DisplaySettings): Promise<DisplayBoard> {
    const now = this.deps.now().getTime();
    const flights: PublicFlight[] = [];
    for (const flight of this.deps.store.flights()) {
      const direction = flight.direction ?? 'departure';
      if (!belongsOnBoard({ direction, terminal: flight.terminal ?? null }, display)) continue;
      const movement = Date.parse(
        direction === 'arrival' ? (flight.eta ?? flight.sta ?? flight.std) : flight.etd,
      );
      if (movement < now - SENT_BEHIND_MS || movement > now + SENT_AHEAD_MS) continue;
      flights.push(await this.publicFlight(flight));
    }
    return {
      display,
      airport: {
        iata: this.deps.airport.iata,
        name: this.deps.airport.name,
        timeZone: this.deps.airport.timeZone,
      },
      sentAt: new Date(now).toISOString(),
      flights,
    };
  }

  /** The flight as a board shows it, with its recent gate change if any. */
  async publicFlight(flight: Flight): Promise<PublicFlight> {
    return toPublicFlight(flight, await this.#gateChange(flight));
  }

  /** Without reading the change log: for a flight that just changed (the change was observed). */
  publicFlightNow(flight: Flight): PublicFlight {
    return toPublicFlight(flight, this.deps.gateChanges.known(flight.id));
  }

  /** Gate changes of the notice period, for the console's own board (`GET /api/board/gate-changes`). */
  async recentGateChanges(): Promise<{ flightId: string; from: string; at: string }[]> {
    const found = [];
    for (const flight of this.deps.store.flights()) {
      const change = toPublicFlight(flight, await this.#gateChange(flight)).gateChange;
      if (change) found.push({ flightId: flight.id, ...change });
    }
    return found;
  }

  async #gateChange(flight: Flight): Promise<GateChange | null> {
    const known = this.deps.gateChanges.known(flight.id);
    if (known) return known;
    // Only a gate set within the notice period can show "Gate change": the history is read for
    // those few flights, not for the whole table.
    const source = this.deps.store.record(flight.id)?.fieldSources?.gate;
    if (!source || this.deps.now().getTime() - Date.parse(source.at) > GATE_CHANGE_NOTICE_MS) {
      return null;
    }
    return this.deps.gateChanges.of(flight.id);
  }
}
