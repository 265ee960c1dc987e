import { DateTime } from 'luxon';
import type momentType from 'moment';
import type { DataSet as DataSetType } from 'vis-data';
import * as visTimeline from 'vis-timeline/standalone';
import type { TimelineOptions } from 'vis-timeline/standalone';
import {
  DEFAULT_GATE_BUFFER_MINUTES,
  gateKey,
  type Flight,
  type GateConflict,
  type GateEntry,
} from '../../../../core';
import { planGroups, planItem, type PlanGroup, type PlanItem } from './gatePlanModel';
import { repairGatePlanTimeline } from './visTimelineRepairs';

export interface GatePlanInput {
  flights: ReadonlyMap<string, Flight>;
  gates: readonly GateEntry[];
  conflictsByFlight: ReadonlyMap<string, readonly GateConflict[]>;
}

export interface GatePlanCallbacks {
  /** A bar was dropped on another gate's row (or moved there with the keyboard). */
  onMove: (flight: Flight, gate: GateEntry) => void;
  /** A bar was dropped where no gate is (a terminal's row, a gate not in the list). */
  onMoveRefused: (message: string) => void;
  onSelect: (flightId: string | null) => void;
  /** The plan has drawn its first bars. */
  onReady?: () => void;
}

interface Shown {
  flight: Flight;
  conflicts: readonly GateConflict[] | undefined;
  group: string;
  /** The bar as last handed to the timeline. */
  item: PlanItem;
}

// The standalone build bundles vis-data and moment and exports them, but its package points the
// types at the peer build's declarations, which do not: typed here from the peers' own types.
const { Timeline } = visTimeline;
const { DataSet, moment } = visTimeline as unknown as {
  DataSet: typeof DataSetType;
  moment: typeof momentType;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * Bars handed to vis-timeline per frame: it rewrites each changed bar's element on the spot
 * (label, classes, style) and the next frame places, lays out and paints them; a second's
 * changes (~500 bars at 200 ETD changes/s, with the conflicts they make and end) go in a dozen
 * tasks of 1–3 ms, each followed by a frame with at most this many bars to draw.
 */
const BARS_PER_TASK = 40;

/**
 * The gate plan on a vis-timeline: one row per gate grouped by terminal, a bar per hold. Fed
 * from outside React with `update()`, which hands the timeline only the bars that look different
 * (a live change moves one bar, not the day), BARS_PER_TASK at a time; vis-timeline itself is
 * repaired to draw them once a frame without measuring each (visTimelineRepairs.ts).
 */
export class GatePlanTimeline {
  readonly timeline: visTimeline.Timeline;
  private readonly resizes: ResizeObserver;
  private readonly items: DataSetType<PlanItem, 'id'> = new DataSet<PlanItem>();
  private readonly groups: DataSetType<PlanGroup, 'id'> = new DataSet<PlanGroup>();
  private shown = new Map<string, Shown>();
  private gates: readonly GateEntry[] | null = null;
  private gatesByNumber = new Map<string, GateEntry[]>();
  private listedKeys = new Set<string>();
  private unlisted = new Set<string>();
  private gateRows: PlanGroup[] = [];
  private drawn = false;
  private pending: GatePlanInput | null = null;
  /** Changed bars (null: removed) not yet handed to the timeline, in arrival order. */
  private queued = new Map<string, PlanItem | null>();
  private queueTimer: ReturnType<typeof setTimeout> | undefined;
  private queueFrame: number | undefined;
  private initialZoom: { hours: number } | 'day' = { hours: 6 };

  constructor(
    container: HTMLElement,
    private readonly zone: string,
    private readonly canEdit: boolean,
    private readonly callbacks: GatePlanCallbacks,
    private readonly bufferMinutes = DEFAULT_GATE_BUFFER_MINUTES,
  ) {
    // Times on the axis in the airport's zone (the offset of today: a DST day is an hour off).
    const offset = DateTime.now().setZone(zone).offset;
    const options: TimelineOptions = {
      // Bars are added only once the empty timeline has drawn and its window is set: otherwise
      // its first draw fits every bar of the live days and draws (and measures) them all.
      onInitialDrawComplete: () => {
        this.zoom(this.initialZoom);
        this.drawn = true;
        if (this.pending) this.update(this.pending);
        this.pending = null;
        this.callbacks.onReady?.();
      },
      moment: (date: momentType.MomentInput) => moment(date).utcOffset(offset),
      stack: false,
      showCurrentTime: true,
      orientation: { axis: 'top', item: 'top' },
      groupOrder: 'order',
      zoomMin: 3 * HOUR,
      zoomMax: 26 * HOUR,
      zoomKey: 'ctrlKey',
      horizontalScroll: true,
      verticalScroll: true,
      height: '100%',
      // vis-timeline's own watch reads the plan's size every second, a forced layout of the
      // whole plan each time (8 ms with the day shown): a ResizeObserver tells it instead.
      autoResize: false,
      margin: { item: { horizontal: 0, vertical: 2 }, axis: 2 },
      editable: canEdit
        ? { updateGroup: true, updateTime: false, add: false, remove: false, overrideItems: false }
        : false,
      selectable: true,
      // A bar can be dragged at once, without a click to select it first.
      itemsAlwaysDraggable: { item: canEdit, range: canEdit },
      tooltip: { followMouse: false, overflowMethod: 'flip', delay: 300 },
      onMove: (item, callback) => {
        // The bar goes back at once; it moves when the hub has taken the change.
        callback(null);
        const flight = this.shown.get(String(item.id))?.flight;
        const gate = this.groups.get(String(item.group))?.gate;
        if (!flight) return;
        if (!gate) {
          this.callbacks.onMoveRefused('Drop the bar on a gate of the list.');
          return;
        }
        this.callbacks.onMove(flight, gate);
      },
      // A bar's label is drawn as text into its element (drawBarLabel), never as HTML.
      template: drawBars,
      // Row labels and tooltips are escaped text; vis-timeline's filter stays on for them.
      xss: { disabled: false },
    };
    this.timeline = new Timeline(container, this.items, this.groups, options);
    repairGatePlanTimeline(this.timeline, fitBarLabel);
    this.resizes = new ResizeObserver(() => this.timeline.redraw());
    this.resizes.observe(container);
    this.timeline.on('select', ({ items }: { items: string[] }) =>
      this.callbacks.onSelect(items[0] ?? null),
    );
  }

  update(input: GatePlanInput): void {
    if (!this.drawn) {
      this.pending = input;
      return;
    }
    const { flights, gates, conflictsByFlight } = input;
    let regroup = false;
    if (gates !== this.gates) {
      this.gates = gates;
      this.gatesByNumber = new Map();
      this.listedKeys = new Set(gates.map((gate) => gateKey(gate.terminal, gate.gate)));
      for (const gate of gates) {
        const number = gate.gate.toUpperCase();
        this.gatesByNumber.set(number, [...(this.gatesByNumber.get(number) ?? []), gate]);
      }
      this.shown = new Map();
      regroup = true;
    }
    const changed: PlanItem[] = [];
    const next = new Map<string, Shown>();
    const unlisted = new Set<string>();
    for (const [id, flight] of flights) {
      const conflicts = conflictsByFlight.get(id);
      const before = this.shown.get(id);
      if (before && before.flight === flight && before.conflicts === conflicts) {
        next.set(id, before);
        if (this.isUnlisted(before.group)) unlisted.add(before.group);
        continue;
      }
      const group = this.rowOf(flight);
      // No gate, cancelled, diverted: no bar (a bar it had is removed below).
      const item = group
        ? planItem(flight, group, conflicts, this.zone, this.bufferMinutes, this.canEdit)
        : null;
      if (!group || !item) continue;
      if (this.isUnlisted(group)) unlisted.add(group);
      // A change the bar does not show (a remark, a delay code) costs the timeline nothing.
      const same = before && before.group === group && samePlanItem(before.item, item);
      next.set(id, { flight, conflicts, group, item: same ? before.item : item });
      if (!same) changed.push(item);
    }
    const removed: string[] = [];
    for (const id of this.shown.keys()) {
      if (!next.has(id)) removed.push(id);
    }
    this.shown = next;
    if (regroup || !sameSet(unlisted, this.unlisted)) {
      this.queued.clear();
      this.unlisted = unlisted;
      this.gateRows = planGroups(gates, [...unlisted]);
      this.groups.clear();
      this.groups.add(this.gateRows);
      this.items.clear();
      this.items.add([...next.values()].map((s) => s.item));
      return;
    }
    for (const id of removed) this.queued.set(id, null);
    for (const item of changed) this.queued.set(item.id, item);
    if (this.queued.size > 0 && this.queueFrame === undefined) {
      this.queueTimer ??= setTimeout(this.handOver, 0);
    }
  }

  /** Hands the timeline the next BARS_PER_TASK queued bars; the rest in a later task. */
  private readonly handOver = (): void => {
    this.queueTimer = undefined;
    const updated: PlanItem[] = [];
    const removed: string[] = [];
    for (const [id, item] of this.queued) {
      if (updated.length + removed.length === BARS_PER_TASK) break;
      this.queued.delete(id);
      if (item) updated.push(item);
      else removed.push(id);
    }
    if (removed.length > 0) this.items.remove(removed);
    if (updated.length > 0) this.items.update(updated);
    // The rest after the timeline has drawn these: a frame draws at most BARS_PER_TASK changes.
    if (this.queued.size > 0) {
      this.queueFrame = requestAnimationFrame(() => {
        this.queueFrame = undefined;
        this.queueTimer = setTimeout(this.handOver, 0);
      });
    }
  };

  /** Shows `hours` around now (3 h … the whole day); `day` shows the local day from midnight. */
  zoom(window: { hours: number } | 'day', now = Date.now()): void {
    if (!this.drawn) this.initialZoom = window;
    if (window === 'day') {
      const start = DateTime.fromMillis(now, { zone: this.zone }).startOf('day');
      this.timeline.setWindow(start.toMillis(), start.plus({ days: 1 }).toMillis(), {
        animation: false,
      });
      return;
    }
    const span = window.hours * HOUR;
    this.timeline.setWindow(now - span / 3, now + (2 * span) / 3, { animation: false });
  }

  select(flightId: string | null): void {
    this.timeline.setSelection(flightId && this.shown.has(flightId) ? [flightId] : [], {
      focus: !!flightId,
      animation: false,
    } as never);
  }

  /**
   * The gate row above or below the flight's (keyboard moves), or null at the ends. From the
   * flight as it is now: the plan may show it up to an update late.
   */
  neighbourGate(flight: Flight, step: 1 | -1): GateEntry | null {
    const group = this.rowOf(flight);
    if (!group) return null;
    const rows = this.gateRows.filter((row) => row.gate);
    const at = rows.findIndex((row) => row.id === group);
    return rows[at + step]?.gate ?? (at === -1 ? (rows[0]?.gate ?? null) : null);
  }

  flight(flightId: string): Flight | undefined {
    return this.shown.get(flightId)?.flight;
  }

  destroy(): void {
    clearTimeout(this.queueTimer);
    if (this.queueFrame !== undefined) cancelAnimationFrame(this.queueFrame);
    this.resizes.disconnect();
    this.timeline.destroy();
  }

  private isUnlisted(group: string): boolean {
    return !this.listedKeys.has(group);
  }

  /** The row of a flight's gate: its terminal's, else the one terminal that has the gate. */
  private rowOf(flight: Flight): string | null {
    if (!flight.gate) return null;
    const number = flight.gate.trim().toUpperCase();
    if (flight.terminal) return gateKey(flight.terminal, number);
    const listed = this.gatesByNumber.get(number) ?? [];
    return gateKey(listed.length === 1 ? listed[0]!.terminal : null, number);
  }
}

/**
 * The bars' template. It answers an object that is neither a string nor an element, which makes
 * vis-timeline call it again with the bar's element to draw into, and compare or parse no HTML
 * (vis-timeline's types know only the string and element answers).
 */
const DRAWN = Object.freeze({}) as unknown as HTMLElement;
const drawBars = (item: PlanItem | undefined, element?: HTMLElement): HTMLElement => {
  if (item && element) drawBarLabel(element, item);
  return DRAWN;
};

/**
 * A bar's label, "↑ AI 101 <small>12:34</small>", written into its element as text, and rewritten
 * only where it changed: a live change of a bar costs no HTML parse (vis-timeline's own way sets
 * `innerHTML` through its XSS filter, 0.15 ms a bar, half of a change's cost on the plan).
 */
export function drawBarLabel(element: HTMLElement, item: Pick<PlanItem, 'label' | 'time'>): void {
  let span = element.firstElementChild;
  if (!span || span.className !== 'plan-bar-label' || !span.lastElementChild) {
    span = document.createElement('span');
    span.className = 'plan-bar-label';
    span.append(document.createTextNode(''), document.createElement('small'));
    element.replaceChildren(span);
  }
  const label = `${item.label} `;
  const text = span.firstChild!;
  if (text.nodeValue !== label) text.nodeValue = label;
  const small = span.lastElementChild!;
  if (small.textContent !== item.time) small.textContent = item.time;
}

/**
 * Shows as much of a bar's label as fits in `width` pixels: all of it, the flight without its
 * time, or nothing (`data-fit`, gate-plan.css). The bars do not clip their labels: a clip per
 * bar made each bar two paint chunks of its own, and Chromium's layerization of some 1,400 of
 * them was the largest fixed cost of every frame of the plan. Texts are measured on a canvas in
 * the labels' own fonts (no layout), each text once.
 */
export function fitBarLabel(content: HTMLElement, data: unknown, width: number): void {
  const item = data as Partial<PlanItem>;
  if (typeof item.label !== 'string' || typeof item.time !== 'string') return;
  const fonts = (labelFonts ??= readLabelFonts(content));
  if (!fonts) return;
  const room = width - fonts.padding;
  const label = textWidth(`${item.label} `, fonts.label);
  const fit =
    label + textWidth(item.time, fonts.time) <= room
      ? 'all'
      : textWidth(item.label, fonts.label) <= room
        ? 'flight'
        : 'none';
  if (content.dataset.fit !== fit) content.dataset.fit = fit;
}

interface LabelFonts {
  label: string;
  time: string;
  /** Pixels of a bar that are not the label's: the bar's borders and the label's padding. */
  padding: number;
}
let labelFonts: LabelFonts | null | undefined;
const measured = new Map<string, number>();
let measuring: CanvasRenderingContext2D | null | undefined;

/** The fonts of a drawn label, read once from its computed style. */
function readLabelFonts(content: HTMLElement): LabelFonts | null {
  const span = content.querySelector('.plan-bar-label');
  const small = span?.querySelector('small');
  const bar = content.closest<HTMLElement>('.vis-item');
  if (!span || !small || !bar) return null;
  const font = (style: CSSStyleDeclaration) =>
    `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const px = (value: string) => parseFloat(value) || 0;
  const [contentStyle, barStyle] = [getComputedStyle(content), getComputedStyle(bar)];
  return {
    label: font(getComputedStyle(span)),
    time: font(getComputedStyle(small)),
    padding:
      px(contentStyle.paddingLeft) +
      px(contentStyle.paddingRight) +
      px(barStyle.borderLeftWidth) +
      px(barStyle.borderRightWidth),
  };
}

/** A text's width in `font`, rounded up; remembered (flight numbers and times repeat). */
function textWidth(text: string, font: string): number {
  const key = `${font}\n${text}`;
  let width = measured.get(key);
  if (width === undefined) {
    measuring ??= document.createElement('canvas').getContext('2d');
    if (!measuring) return 0;
    measuring.font = font;
    width = Math.ceil(measuring.measureText(text).width);
    if (measured.size >= 20_000) measured.clear();
    measured.set(key, width);
  }
  return width;
}

function samePlanItem(a: PlanItem, b: PlanItem): boolean {
  return (Object.keys(b) as (keyof PlanItem)[]).every((key) => a[key] === b[key]);
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((value) => b.has(value));
}
