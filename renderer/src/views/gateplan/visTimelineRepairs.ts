import type { Timeline } from 'vis-timeline/standalone';

/**
 * Repairs of vis-timeline 8.5 internals for the gate plan: one that lets bars be dragged, and
 * five that make a live change cost the plan the few bars it moves rather than a redraw and
 * re-measure of every bar on screen (issue 14: no main-thread task over 50 ms while 200 changes/s
 * arrive with the whole day shown). Each one checks that what it replaces exists and otherwise
 * leaves vis-timeline as it is. Checked at each vis-timeline upgrade by the gate plan's browser
 * tests (bars drawn on their rows, a bar dragged and moved with the keyboard shows on its new
 * row) and by `bench/gate-plan.bench.ts`.
 */
export function repairGatePlanTimeline(timeline: Timeline, fitLabel: FitLabel): void {
  const internals = timeline as unknown as { itemSet?: VisItemSet; timeAxis?: VisTimeAxis };
  const itemSet = internals.itemSet;
  if (itemSet) {
    letBarsBeDragged(itemSet);
    drawBarsCheaply(itemSet, fitLabel);
    orderOnlyChangedRows(itemSet);
    redrawOnceAFrame(itemSet);
    redrawOnlyChangedRows(itemSet);
  }
  if (internals.timeAxis) redrawAxisOnlyWhenItMoves(internals.timeAxis);
}

/**
 * Makes a bar's label fit the `width` pixels the bar shows of itself from where the label starts,
 * shortened or hidden: bars do not clip their labels (gate-plan.css). `data` is the bar's item.
 */
export type FitLabel = (content: HTMLElement, data: unknown, width: number) => void;

/** A bar as vis-timeline's ItemSet holds it: the parts the repairs below touch. */
interface VisItem {
  data: {
    start: Date | number;
    end: Date | number;
    align?: string;
    limitSize?: boolean;
    style?: string;
  };
  options: { rtl?: boolean; align?: string };
  dom?: { box: HTMLElement; content: HTMLElement };
  top: number | null;
  displayed?: boolean;
  left: number;
  width: number;
  overflow: boolean;
  whiteSpace: boolean;
  parent: VisGroup | null;
  conversion: { toScreen(time: Date | number): number };
  _getDomComponentsSizes(): BarSizes;
  _updateStyle(element: HTMLElement): void;
  repositionX(limitSize?: boolean): void;
  repositionY(): void;
}
/** A row as the ItemSet holds it. */
interface VisGroup {
  width: number;
  order(): void;
  /** Its bars changed (added, removed, updated) since its last redraw. */
  stackDirty?: boolean;
  isVisible?: boolean | null;
  lastMarkerHeight?: number;
  _isGroupVisible?(range: unknown, margin: unknown): boolean;
  redraw?(range: unknown, margin: unknown, forceRestack: boolean, returnQueue?: boolean): unknown;
}
/** Group.redraw's steps, run by ItemSet.redraw one step across all rows at a time. */
type RowStep = () => unknown;
interface BarSizes {
  content: { width: number };
  box: { height: number };
}
type ItemsEvent = 'add' | 'update' | 'remove';
type ItemsListener = (event: ItemsEvent, params: { items: string[] }) => void;
interface VisItemSet {
  id: string;
  itemsData?: {
    on(event: ItemsEvent, listener: ItemsListener, id: string): void;
    off(event: ItemsEvent, listener: ItemsListener): void;
  };
  itemListeners?: Partial<Record<ItemsEvent, ItemsListener>>;
  items?: Record<string, VisItem | undefined>;
  groups?: Record<string, VisGroup | undefined>;
  body?: VisTimeAxis['body'] & {
    domProps: { scrollTop: number; centerContainer: { height: number } };
  };
  redraw?(): boolean;
  _orderGroups?(): boolean;
  _onAddGroups?(ids: string[]): void;
  _onUpdateGroups?(ids: string[]): void;
  _onRemoveGroups?(ids: string[]): void;
  _order(): void;
  _addItem(item: VisItem): void;
  _onAdd(ids: string[]): void;
  _onUpdate(ids: string[]): void;
  _onRemove(ids: string[]): void;
  hammer?: { get(name: string): { set(options: Record<string, unknown>): void } | undefined };
}
interface VisTimeAxis {
  body: {
    range: { start: number; end: number };
    domProps: { root: { height: number }; center: { width: number } };
  };
  redraw(): boolean;
}

/** Hammer.js's DIRECTION_ALL (LEFT 2 | RIGHT 4 | UP 8 | DOWN 16). */
const HAMMER_DIRECTION_ALL = 30;

/**
 * vis-timeline 8.5 sets its bars' pan recogniser to `direction: Hammer.ALL`, a name Hammer.js
 * does not have: the direction is undefined and no drag of a bar is ever recognised (the
 * timeline's own panning uses DIRECTION_ALL and works). Set it right; the gate plan's browser
 * test drags a bar with the mouse, so an upgrade that fixes or moves this shows there.
 */
function letBarsBeDragged(itemSet: VisItemSet): void {
  itemSet.hammer?.get('pan')?.set({ direction: HAMMER_DIRECTION_ALL });
}

/**
 * Four costs vis-timeline pays per bar, cut for bars that are all alike:
 * - it measures every bar it draws or redraws (`_getDomComponentsSizes`: two computed styles,
 *   the label's width, the bar's height) right after writing it: a forced layout of the whole
 *   plan per changed bar, or per row when it draws many (686 ms of a 10 s live profile). Every
 *   bar of the plan has the same height (gate-plan.css), one line, a label fitted to it
 *   (`fitLabel`, so never overflowing), and the label's width matters only to labels that may
 *   overflow or are centred or right-aligned (`align`, left at `auto`): the first bar drawn is
 *   measured, the others take its sizes;
 * - each redraw of a row re-positions all its bars, twice, writing three style properties each
 *   (`repositionX`), and every redraw sets every bar's `top` (`repositionY`): a bar whose place
 *   did not change is left alone, and one that moved is placed with `left` (placeBar) and its
 *   label fitted again, as is the label of a bar whose data changed;
 * - each redraw of a changed bar takes its inline style off and parses and sets it again
 *   (`_updateStyle`, 0.065 ms a bar): left alone while the bar's `style` is the same.
 */
function drawBarsCheaply(itemSet: VisItemSet, fitLabel: FitLabel): void {
  if (typeof itemSet._addItem !== 'function') return;
  const addItem = itemSet._addItem.bind(itemSet);
  let shared: BarSizes | null = null;
  function measure(this: VisItem, measureItself: () => BarSizes): BarSizes {
    if (!shared) {
      const sizes = measureItself.call(this);
      // Only a bar laid out as every bar is (one line, on screen) speaks for all.
      if (this.whiteSpace || sizes.box.height <= 0) return sizes;
      shared = sizes;
    }
    // vis-timeline reads "overflow" from the CSS; the label is fitted instead (fitLabel).
    this.overflow = false;
    this.whiteSpace = false;
    return shared;
  }
  itemSet._addItem = (item) => {
    const {
      _getDomComponentsSizes: sizes,
      _updateStyle: updateStyle,
      repositionX,
      repositionY,
    } = item;
    if (typeof sizes === 'function') {
      item._getDomComponentsSizes = function (this: VisItem) {
        return measure.call(this, sizes);
      };
    }
    if (typeof repositionX === 'function') {
      let left = NaN;
      let right = NaN;
      let width = NaN;
      let limited: boolean | undefined;
      let fitted: unknown;
      item.repositionX = function (this: VisItem, limitSize?: boolean) {
        const start = this.conversion.toScreen(this.data.start);
        const end = this.conversion.toScreen(this.data.end);
        const parentWidth = this.parent?.width ?? NaN;
        const moved = !(
          start === left &&
          end === right &&
          parentWidth === width &&
          limitSize === limited
        );
        if (moved) {
          [left, right, width, limited] = [start, end, parentWidth, limitSize];
          if (!placeBar(this, start, end, parentWidth, limitSize)) {
            repositionX.call(this, limitSize);
          }
        }
        // vis-timeline gives a bar new data (a new object) each time its item changes.
        if ((moved || fitted !== this.data) && this.dom) {
          fitted = this.data;
          // The label starts where the bar comes into view (placeBar).
          fitLabel(this.dom.content, this.data, this.width - Math.max(-this.left, 0));
        }
      };
    }
    if (typeof updateStyle === 'function') {
      let styled: HTMLElement | undefined;
      let style: string | undefined;
      item._updateStyle = function (this: VisItem, element: HTMLElement) {
        if (element === styled && this.data.style === style) return;
        [styled, style] = [element, this.data.style];
        updateStyle.call(this, element);
      };
    }
    if (typeof repositionY === 'function') {
      let top: number | null | undefined;
      item.repositionY = function (this: VisItem) {
        if (this.top === top) return;
        top = this.top;
        repositionY.call(this);
      };
    }
    addItem(item);
  };
}

/**
 * A bar placed as vis-timeline's `RangeItem.repositionX` places it (left to right, `align: auto`,
 * a clipped label moved into view when the bar starts left of the window), with `left` where
 * vis-timeline writes `transform: translateX()`: a transform makes each bar and its label a
 * paint chunk of its own, and Chrome's layerization of some 2,000 of them was the largest part
 * of a frame (7–19 ms of 25–55 ms CPU at load 11; half of it without the transforms). False
 * for a bar this does not cover (vis-timeline places it).
 */
function placeBar(
  bar: VisItem,
  screenStart: number,
  screenEnd: number,
  parentWidth: number,
  limitSize: boolean | undefined,
): boolean {
  const align = bar.data.align ?? bar.options.align ?? 'auto';
  if (!bar.dom || bar.options.rtl || align !== 'auto' || bar.overflow || bar.whiteSpace) {
    return false;
  }
  let start = screenStart;
  let end = screenEnd;
  // Browsers cannot draw very wide elements: vis-timeline's own limit.
  if (bar.data.limitSize !== false && limitSize !== false) {
    start = Math.max(start, -parentWidth);
    end = Math.min(end, 2 * parentWidth);
  }
  const width = Math.max(Math.round((end - start) * 1000) / 1000, 1);
  bar.left = start;
  bar.width = width;
  bar.dom.box.style.left = `${start}px`;
  bar.dom.box.style.width = `${width}px`;
  bar.dom.content.style.left = `${Math.max(-start, 0)}px`;
  return true;
}

/**
 * After every change of its items, vis-timeline sorts the bars of every row again, twice (by start
 * and by end; `ItemSet._order`, whose own comment wishes for this): 2.4 ms per hand-over of a few
 * bars with 60 rows, a third of its cost. Only the rows a changed bar left or joined are sorted;
 * a row that lost a bar must be (vis-timeline's `Group.remove` leaves it in the row's order).
 */
function orderOnlyChangedRows(itemSet: VisItemSet): void {
  const order = itemSet._order;
  if (typeof order !== 'function' || !itemSet.items) return;
  const rowOf = (id: string) => itemSet.items?.[id]?.parent;
  let changing: { ids: string[]; rows: Set<VisGroup> } | null = null;
  itemSet._order = function (this: VisItemSet) {
    if (!changing) return order.call(this);
    for (const id of changing.ids) {
      const row = rowOf(id);
      if (row) changing.rows.add(row);
    }
    for (const row of changing.rows) row.order();
  };
  for (const method of ['_onAdd', '_onUpdate', '_onRemove'] as const) {
    const change = itemSet[method];
    if (typeof change !== 'function') continue;
    itemSet[method] = function (this: VisItemSet, ids: string[]) {
      const rows = new Set<VisGroup>();
      for (const id of ids) {
        const row = rowOf(id);
        if (row) rows.add(row);
      }
      changing = { ids, rows };
      try {
        change.call(this, ids);
      } finally {
        changing = null;
      }
    };
  }
}

/**
 * vis-timeline answers every change of its items' DataSet by updating the changed bars, asking
 * for a redraw at the next frame, and also redrawing every row on the spot (`ItemSet.redraw`:
 * each row re-positions its bars and is measured, three forced layouts). With live changes
 * handed over in several small tasks that is a redraw of the plan per task, most of their CPU
 * (1.2 s of 1.5 s in a 10 s profile). The same listeners without the redraw on the spot: the
 * frame's redraw draws every change since the last frame, once.
 */
function redrawOnceAFrame(itemSet: VisItemSet): void {
  const data = itemSet.itemsData;
  const listeners = itemSet.itemListeners;
  if (!data || !listeners) return;
  const apply: Record<ItemsEvent, (ids: string[]) => void> = {
    add: (ids) => itemSet._onAdd(ids),
    update: (ids) => {
      itemSet._onUpdate(ids);
      // Placed now, in the same task as their rewrite: the frame's redraw then finds them in
      // place and writes nothing between its two reads of the rows' sizes (a second forced
      // layout of the plan, a third of that redraw's CPU).
      for (const id of ids) {
        const bar = itemSet.items?.[id];
        if (bar?.displayed && bar.dom && bar.parent) bar.repositionX();
      }
    },
    remove: (ids) => itemSet._onRemove(ids),
  };
  for (const event of ['add', 'update', 'remove'] as const) {
    const original = listeners[event];
    if (typeof original !== 'function') continue;
    const listener: ItemsListener = (_event, params) => apply[event](params.items);
    data.off(event, original);
    data.on(event, listener, itemSet.id);
    // Where setItems looks for them to unsubscribe.
    listeners[event] = listener;
  }
}

/**
 * Every redraw of the plan (a frame with changes) runs vis-timeline's twelve steps for every row,
 * each row's sizes read twice and its height and bars' places written: with 60 rows and the
 * bars of a frame's changes in half of them, most of that redraw's CPU is rows that did not
 * change. A row is redrawn only when something about it may have: its bars changed
 * (`stackDirty`), it came into or out of view, the rows were added, removed, renamed or
 * reordered, the window moved or the plan was resized, or its height marker changed (that check,
 * the first step, runs for every row). After a redraw that changed a size, the next redraws every
 * row.
 */
function redrawOnlyChangedRows(itemSet: VisItemSet): void {
  const redraw = itemSet.redraw;
  const orderGroups = itemSet._orderGroups;
  if (typeof redraw !== 'function' || typeof orderGroups !== 'function' || !itemSet.body) return;
  let everyRow = true;
  let skipping = false;
  let drawn = '';
  const groupChanges = ['_onAddGroups', '_onUpdateGroups', '_onRemoveGroups'] as const;
  if (groupChanges.some((method) => typeof itemSet[method] !== 'function')) return;
  for (const method of groupChanges) {
    const change = itemSet[method]!;
    itemSet[method] = function (this: VisItemSet, ids: string[]) {
      everyRow = true;
      change.call(this, ids);
    };
  }
  itemSet._orderGroups = function (this: VisItemSet) {
    const reordered = orderGroups.call(this);
    if (reordered) skipping = false;
    return reordered;
  };
  const wrapped = new WeakSet<VisGroup>();
  itemSet.redraw = function (this: VisItemSet) {
    const { domProps } = this.body!;
    const state = windowState(this.body!, domProps.scrollTop, domProps.centerContainer.height);
    skipping = !everyRow && state === drawn;
    everyRow = false;
    drawn = state;
    for (const row of Object.values(this.groups ?? {})) {
      if (row && !wrapped.has(row)) {
        wrapped.add(row);
        redrawRowWhenChanged(row, () => skipping);
      }
    }
    try {
      const resized = redraw.call(this);
      if (resized) everyRow = true;
      return resized;
    } finally {
      skipping = false;
    }
  };
}

/** Makes `row` answer an ItemSet redraw with steps that do nothing while it has not changed. */
function redrawRowWhenChanged(row: VisGroup, skipping: () => boolean): void {
  const redraw = row.redraw;
  const isVisible = row._isGroupVisible;
  if (typeof redraw !== 'function' || typeof isVisible !== 'function') return;
  row.redraw = function (this: VisGroup, range, margin, forceRestack, returnQueue) {
    const queue = redraw.call(this, range, margin, forceRestack, returnQueue);
    if (
      !returnQueue ||
      !Array.isArray(queue) ||
      !skipping() ||
      forceRestack ||
      this.stackDirty ||
      this.isVisible !== isVisible.call(this, range, margin)
    ) {
      return queue;
    }
    const steps = queue as RowStep[];
    const marker = this.lastMarkerHeight;
    let changed = false;
    // The last step answers whether the row resized: it did not.
    return steps.map((step, at): RowStep => () => {
      if (at === 0) {
        step();
        changed = this.lastMarkerHeight !== marker;
        return undefined;
      }
      if (changed) return step();
      return at === steps.length - 1 ? false : undefined;
    });
  };
}

/**
 * The time axis rebuilds every label and grid line at each redraw of the timeline, a redraw a
 * live change asks for too: left as it is while the window, the plan's size and the quarter hour
 * are the same. Of the clock, the axis shows only which labels are today (and this week, month,
 * year: vis-timeline's `TimeStep.getClassName`), which changes at the airport's midnight; every
 * zone's midnight falls on a quarter hour of UTC. (Keyed on the minute, the rebuild, 2.4–5.4 ms
 * with the day shown, fell into a frame of live changes once a minute.) The plan never changes
 * the timeline's options after it is made, which would need the axis redrawn too.
 */
const QUARTER_HOUR = 15 * 60_000;

function redrawAxisOnlyWhenItMoves(axis: VisTimeAxis): void {
  const redraw = axis.redraw;
  if (typeof redraw !== 'function' || !axis.body?.range || !axis.body.domProps) return;
  let drawn = '';
  axis.redraw = function (this: VisTimeAxis) {
    const state = windowState(
      this.body,
      this.body.domProps.root.height,
      Math.floor(Date.now() / QUARTER_HOUR),
    );
    if (state === drawn) return false;
    drawn = state;
    return redraw.call(this);
  };
}

/** Where the timeline's window is (its time range and width) and `more`, as one comparable key. */
function windowState(body: VisTimeAxis['body'], ...more: number[]): string {
  return [+body.range.start, +body.range.end, body.domProps.center.width, ...more].join(' ');
}
