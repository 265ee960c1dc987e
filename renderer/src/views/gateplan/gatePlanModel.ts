import {
  gateHoldSpan,
  gateKey,
  isArrival,
  naturalOrder,
  type Flight,
  type GateConflict,
  type GateEntry,
} from '../../../../core';
import { localTime } from '../../domain/localClock';

/** A row of the plan: a gate of the list, or a gate flights use that the list does not have. */
export interface PlanGroup {
  id: string;
  content: string;
  title?: string;
  className?: string;
  order: number;
  nestedGroups?: string[];
  /** The gate a bar dropped on this row moves to (terminal rows have none). */
  gate?: GateEntry;
}

/** A bar: a flight's hold and the gate buffer after it. */
export interface PlanItem {
  id: string;
  group: string;
  start: number;
  end: number;
  /** Its label, "↑ AI 101", and the time after it (drawn by drawBarLabel, as text). */
  label: string;
  time: string;
  /** The two as plain text (vis-timeline's items must have a `content`; the template draws). */
  content: string;
  title?: string;
  className: string;
  style?: string;
  type?: 'range' | 'background';
  editable?: BarEditing;
}

/**
 * What an agent may do to a bar: move it to another gate, never stretch or shift its times (the
 * times are the flight's). An object, not `true`: vis-timeline gives a bar that may change its
 * times two drag handles, two positioned elements of their own per bar to lay out and paint.
 * Shared constants, so that a bar's item compares equal from one update to the next.
 */
export interface BarEditing {
  readonly updateGroup: boolean;
  readonly updateTime: false;
  readonly remove: false;
}
const MOVABLE: BarEditing = Object.freeze({ updateGroup: true, updateTime: false, remove: false });
const FIXED: BarEditing = Object.freeze({ updateGroup: false, updateTime: false, remove: false });

export const UNLISTED_TERMINAL = 'Not in the gate list';
const MINUTE = 60_000;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Terminal rows (expandable) holding one row per gate, in natural order. */
export function planGroups(gates: readonly GateEntry[], unlisted: readonly string[]): PlanGroup[] {
  const byTerminal = new Map<string, GateEntry[]>();
  for (const gate of gates) {
    const list = byTerminal.get(gate.terminal);
    if (list) list.push(gate);
    else byTerminal.set(gate.terminal, [gate]);
  }
  const groups: PlanGroup[] = [];
  let order = 0;
  const terminals = [...byTerminal.keys()].sort(naturalOrder.compare);
  for (const terminal of terminals) {
    const members = byTerminal.get(terminal)!.sort((a, b) => naturalOrder.compare(a.gate, b.gate));
    const ids = members.map((gate) => gateKey(gate.terminal, gate.gate));
    groups.push({
      id: `terminal:${terminal}`,
      content: escapeHtml(terminal),
      order: order++,
      nestedGroups: ids,
      className: 'plan-terminal',
    });
    members.forEach((gate, i) => {
      groups.push({
        id: ids[i]!,
        content: escapeHtml(gate.gate),
        title: `Gate ${gate.gate} (${gate.terminal}): ${gate.contact ? 'jet bridge' : 'bus'}, up to code ${gate.maxCodeLetter}`,
        className: gate.contact ? 'plan-gate' : 'plan-gate plan-gate-remote',
        order: order++,
        gate,
      });
    });
  }
  if (unlisted.length > 0) {
    const ids = [...unlisted].sort(naturalOrder.compare);
    groups.push({
      id: 'terminal:unlisted',
      content: UNLISTED_TERMINAL,
      order: order++,
      nestedGroups: ids,
      className: 'plan-terminal',
    });
    for (const id of ids) {
      groups.push({
        id,
        content: escapeHtml(id.split('/').pop() ?? id),
        className: 'plan-gate plan-gate-unlisted',
        order: order++,
      });
    }
  }
  return groups;
}

/**
 * A flight's bar on the row `group`: a departure's hold is its boarding (ETD − 45 min to ETD, or
 * ATD), an arrival's its 20 minutes on the gate from ETA; the bar runs on to the end of the gate
 * buffer, drawn hatched (`--hold` is where the hold ends). One element per flight: the timeline
 * draws, places and paints every element, so a separate buffer element would double that cost.
 */
export function planItem(
  flight: Flight,
  group: string,
  conflicts: readonly GateConflict[] | undefined,
  zone: string,
  bufferMinutes: number,
  canEdit: boolean,
): PlanItem | null {
  const span = gateHoldSpan(flight);
  if (!span) return null;
  const arrival = isArrival(flight);
  const time = localTime(arrival ? (flight.eta ?? flight.sta ?? span.start) : flight.etd, zone);
  const other = arrival ? flight.origin : flight.destination;
  const conflict = conflicts && conflicts.length > 0;
  const finished = ['DEPARTED', 'ON_BLOCK', 'CANCELLED'].includes(flight.status);
  const className = [
    'plan-bar',
    arrival ? 'plan-arrival' : 'plan-departure',
    conflict ? 'plan-conflict' : '',
    finished ? 'plan-finished' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const end = span.end + bufferMinutes * MINUTE;
  const hold = end > span.start ? ((span.end - span.start) / (end - span.start)) * 100 : 100;
  const lines = [
    `${flight.flightNumber} ${arrival ? 'from' : 'to'} ${other}, ${arrival ? 'ETA' : 'ETD'} ${time}`,
    `${arrival ? 'On the gate' : 'Boarding'} ${localTime(span.start, zone)}–${localTime(span.end, zone)}, then ${bufferMinutes} min buffer`,
    ...(flight.aircraftType ? [`Aircraft ${flight.aircraftType}`] : []),
    ...(conflicts ?? []).map((c) => `⚠ ${c.message}`),
  ];
  return {
    id: flight.id,
    group,
    start: span.start,
    end,
    label: `${arrival ? '↓' : '↑'} ${flight.flightNumber}`,
    time,
    content: `${arrival ? '↓' : '↑'} ${flight.flightNumber} ${time}`,
    title: escapeHtml(lines.join('\n')),
    className,
    style: `--hold: ${hold.toFixed(1)}%`,
    type: 'range',
    editable: canEdit && !finished ? MOVABLE : FIXED,
  };
}
