import { GateConflictIndex } from '../../core/gate-conflict-index';
import type { GateConflictsBody } from '../../core/gate-conflicts';
import type { GateEntry } from '../../core/gates';
import type { FlightStore } from '../store/flight-store';

export interface LiveGateConflictsOptions {
  store: Pick<FlightStore, 'flights' | 'subscribe'>;
  gates: readonly GateEntry[];
  /** The airport's IANA zone (messages in local time, `?date=` a local day). */
  timeZone: string;
  /** `JETBRIDGE_GATE_BUFFER_MIN`. */
  bufferMinutes: number;
  /** Told the whole list (every live day) whenever it changed, at most once per `minIntervalMs`. */
  onChange: (body: GateConflictsBody) => void;
  /** Default 250 ms: a burst of changes sends one list, not one per change. */
  minIntervalMs?: number;
}

/**
 * The hub's gate conflicts, following every durable change: each change upserts its flight in a
 * GateConflictIndex (indexed by gate: a change costs the holds at its old and new gate, not the
 * day), an archived flight leaves it, a new gate list re-files every hold. Whenever the list
 * changed, consoles are told (`gates:conflicts`), the first change of a burst at once and the
 * rest together at the end of the interval.
 */
export class LiveGateConflicts {
  readonly index: GateConflictIndex;
  private readonly minIntervalMs: number;
  private unsubscribe: (() => void) | null = null;
  private lastSentAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: LiveGateConflictsOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 250;
    this.index = new GateConflictIndex({
      timeZone: options.timeZone,
      bufferMinutes: options.bufferMinutes,
      gates: options.gates,
    });
  }

  start(): void {
    for (const flight of this.options.store.flights()) this.index.upsert(flight);
    this.unsubscribe = this.options.store.subscribe((changes) => {
      let changed = false;
      for (const { flight, change } of changes) {
        const delta =
          change.kind === 'archived' ? this.index.remove(flight.id) : this.index.upsert(flight);
        changed ||= delta.changed;
      }
      if (changed) this.tell();
    });
  }

  setGates(gates: readonly GateEntry[]): void {
    if (this.index.setGates(gates).changed) this.tell();
  }

  /** The conflicts touching a local date, or of every live day. */
  body(localDate?: string): GateConflictsBody {
    return { conflicts: this.index.conflicts(localDate) };
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tell(): void {
    if (this.timer) return;
    const wait = this.lastSentAt + this.minIntervalMs - Date.now();
    const send = () => {
      this.timer = undefined;
      this.lastSentAt = Date.now();
      this.options.onChange(this.body());
    };
    if (wait <= 0) send();
    else this.timer = setTimeout(send, wait);
  }
}
