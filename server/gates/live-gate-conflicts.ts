import {
  GateConflictIndex,
  sameConflict,
  type GateConflictDelta,
} from '../../core/gate-conflict-index';
import type {
  GateConflict,
  GateConflictChanges,
  GateConflictsBody,
} from '../../core/gate-conflicts';
import type { GateEntry } from '../../core/gates';
import type { FlightStore } from '../store/flight-store';

/** Sockets following whole lists (`gates:conflicts`, the contract), and those following changes. */
export const GATE_CONFLICT_LISTS_ROOM = 'gate-conflicts:lists';
export const GATE_CONFLICT_CHANGES_ROOM = 'gate-conflicts:changes';

export interface LiveGateConflictsOptions {
  store: Pick<FlightStore, 'flights' | 'subscribe'>;
  gates: readonly GateEntry[];
  /** The airport's IANA zone (messages in local time, `?date=` a local day). */
  timeZone: string;
  /** `JETBRIDGE_GATE_BUFFER_MIN`. */
  bufferMinutes: number;
  /**
   * Told what changed since it was last told (never an empty change), at most once per
   * `minIntervalMs`; `body()` is then the whole list.
   */
  onChange: (changes: GateConflictChanges) => void;
  /** Default 250 ms: a burst of changes sends one message, not one per change. */
  minIntervalMs?: number;
}

/**
 * The hub's gate conflicts, following every durable change: each change upserts its flight in a
 * GateConflictIndex (indexed by gate: a change costs the holds at its old and new gate, not the
 * day), an archived flight leaves it, a new gate list re-files every hold. The conflicts a
 * change touched are remembered as they were when last told; at the end of the interval those
 * that really differ are told as `{ added, removed }` (a conflict made and fixed within one
 * interval tells nothing). The first change of a burst is told at once.
 */
export class LiveGateConflicts {
  readonly index: GateConflictIndex;
  private readonly minIntervalMs: number;
  private unsubscribe: (() => void) | null = null;
  private lastSentAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Conflict id → the conflict as last told (null: it was not there), for those touched since. */
  private readonly touched = new Map<string, GateConflict | null>();

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
      for (const { flight, change } of changes) {
        this.note(
          change.kind === 'archived' ? this.index.remove(flight.id) : this.index.upsert(flight),
        );
      }
      if (this.touched.size > 0) this.tell();
    });
  }

  setGates(gates: readonly GateEntry[]): void {
    this.note(this.index.setGates(gates));
    if (this.touched.size > 0) this.tell();
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

  private note(delta: GateConflictDelta): void {
    if (!delta.changed) return;
    // Removed first: a conflict replaced in one delta was there before as the removed one.
    for (const conflict of delta.removed) {
      if (!this.touched.has(conflict.id)) this.touched.set(conflict.id, conflict);
    }
    for (const conflict of delta.added) {
      if (!this.touched.has(conflict.id)) this.touched.set(conflict.id, null);
    }
  }

  private tell(): void {
    if (this.timer) return;
    const wait = this.lastSentAt + this.minIntervalMs - Date.now();
    const send = () => {
      this.timer = undefined;
      const changes = this.takeChanges();
      if (changes.added.length === 0 && changes.removed.length === 0) return;
      this.lastSentAt = Date.now();
      this.options.onChange(changes);
    };
    if (wait <= 0) send();
    else this.timer = setTimeout(send, wait);
  }

  private takeChanges(): GateConflictChanges {
    const added: GateConflict[] = [];
    const removed: string[] = [];
    for (const [id, before] of this.touched) {
      const now = this.index.conflict(id);
      if (now && !(before && sameConflict(before, now))) added.push(now);
      else if (!now && before) removed.push(id);
    }
    this.touched.clear();
    return { added, removed };
  }
}
