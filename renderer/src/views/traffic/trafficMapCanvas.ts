import { geoAzimuthalEquidistant, geoCircle, geoPath, type GeoProjection } from 'd3-geo';
import { EARTH_RADIUS_KM, KM_PER_NM, type LatLon } from '../../../../core';
import type { ColumnPosition } from '../../sync/positionsFrame';
import type { BaseMap } from './baseMap';
import { aircraftSymbol, traceSymbol, type MapTheme } from './aircraftSymbols';
import { LabelSpace } from './labelSpace';
import type { AircraftRole } from './trafficPresentation';

/** One aircraft as the map draws it: its position, role and label (worked out by the view). */
export interface MapAircraft {
  /** The whole position for an aircraft of a live flight; what the columns hold for the others. */
  position: ColumnPosition;
  role: AircraftRole;
  /** Null: drawn without a label (aircraft not flying to or from here). */
  label: { title: string; detail: string } | null;
  selected: boolean;
}

/** Around the airport at first: about 600 km to the nearest edge. */
const DEFAULT_RADIUS_KM = 600;
const RANGE_RINGS_NM = [50, 100, 200, 300];
const MIN_SCALE_FACTOR = 0.15;
const MAX_SCALE_FACTOR = 40;
const PICK_RADIUS_PX = 12;
const SYMBOLS_PER_PATH = 16;
/** A redraw after an update is painted in slices of about this long, each its own task. */
const SLICE_MS = 6;
/** Symbols between looks at the clock. */
const SYMBOLS_PER_CHECK = 250;
/** Labels weighed (and drawn where they have room) between two checks of the slice's time. */
const LABELS_PER_CHECK = 100;
const LABEL_FONT = '600 11px';
const DETAIL_FONT = '10px';

/**
 * The traffic map on a canvas, outside React: an azimuthal equidistant projection centred on the
 * airport (distances from it are true, so range rings are circles), the base map rendered once per
 * view into an offscreen canvas, and the aircraft redrawn over it on each update — one
 * `drawImage` and a few thousand small paths, a few milliseconds for 5,000 aircraft.
 */
export class TrafficMapCanvas {
  private readonly projection: GeoProjection;
  private readonly base: HTMLCanvasElement;
  /** Where a sliced redraw is painted before it is shown in one copy. */
  private readonly next: HTMLCanvasElement;
  /** Bumped by every redraw: a sliced one still under way for an older number is dropped. */
  private slicing = 0;
  private painting: {
    id: number;
    steps: Generator<void, { x: number; y: number; aircraft: MapAircraft }[]>;
    spentMs: number;
    onShown: (() => void) | undefined;
  } | null = null;
  private baseMap: BaseMap | null = null;
  private baseValid = false;
  private width = 0;
  private height = 0;
  private ratio = 1;
  private defaultScale = 1;
  private zoom = 1;
  /** Pan, CSS px from the canvas centre to where the airport is drawn. */
  private offset: [number, number] = [0, 0];
  private aircraft: readonly MapAircraft[] = [];
  /** Screen points of the aircraft drawn last (CSS px), for picking. */
  private drawn: { x: number; y: number; aircraft: MapAircraft }[] = [];
  /** How long the last redraw took, ms (the page shows it as `data-draw-ms` for the bench). */
  lastDrawMs = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly airport: LatLon & { code: string },
    private readonly theme: MapTheme,
    /** Called after the view moved (zoom, pan, resize): screen points changed. */
    private readonly onViewChange: () => void,
  ) {
    this.projection = geoAzimuthalEquidistant()
      .rotate([-airport.lon, -airport.lat])
      // Beyond a quarter of the globe nothing at an airport's scale is worth drawing.
      .clipAngle(90)
      .precision(0.5);
    this.base = document.createElement('canvas');
    this.next = document.createElement('canvas');
  }

  setBaseMap(baseMap: BaseMap): void {
    this.baseMap = baseMap;
    this.baseValid = false;
    this.draw();
  }

  /** The canvas' CSS size changed. */
  resize(width: number, height: number): void {
    this.ratio = window.devicePixelRatio || 1;
    this.width = width;
    this.height = height;
    for (const canvas of [this.canvas, this.base, this.next]) {
      canvas.width = Math.round(width * this.ratio);
      canvas.height = Math.round(height * this.ratio);
    }
    // Scale of an azimuthal equidistant projection: px per radian of arc from the centre.
    this.defaultScale = Math.min(width, height) / 2 / (DEFAULT_RADIUS_KM / EARTH_RADIUS_KM);
    this.viewChanged();
  }

  /**
   * New traffic: painted off screen in slices of SLICE_MS, each its own task, then shown in one
   * copy (and `onShown` called). A whole sky takes tens of milliseconds to paint on a busy
   * machine; in one task that would hold up input.
   */
  setAircraft(aircraft: readonly MapAircraft[], onShown?: () => void): void {
    this.aircraft = aircraft;
    const context = this.next.getContext('2d');
    if (!context || this.width === 0) return;
    const job = { id: ++this.slicing, steps: this.paint(context), spentMs: 0, onShown };
    this.painting = job;
    const slice = () => {
      if (this.painting === job && !this.paintFor(job, SLICE_MS)) setTimeout(slice, 0);
    };
    // Not in the caller's task: that one worked out the aircraft (a few thousand) already.
    setTimeout(slice, 0);
  }

  /** Paints on for up to `budgetMs` (forever: Infinity); says whether the painting is shown. */
  private paintFor(job: NonNullable<typeof this.painting>, budgetMs: number): boolean {
    if (job.id !== this.slicing) return true;
    const started = performance.now();
    let step = job.steps.next();
    while (!step.done && performance.now() - started < budgetMs) step = job.steps.next();
    job.spentMs += performance.now() - started;
    if (!step.done) return false;
    this.painting = null;
    const context = this.canvas.getContext('2d');
    if (context) {
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.drawImage(this.next, 0, 0);
    }
    this.drawn = step.value;
    this.lastDrawMs = job.spentMs;
    job.onShown?.();
    return true;
  }

  /** Zoom by `factor` around a point (CSS px in the canvas), the centre by default. */
  zoomBy(factor: number, at: [number, number] = [this.width / 2, this.height / 2]): void {
    const next = Math.min(MAX_SCALE_FACTOR, Math.max(MIN_SCALE_FACTOR, this.zoom * factor));
    const applied = next / this.zoom;
    if (applied === 1) return;
    // Keep the point under `at` where it is.
    const [cx, cy] = [this.width / 2 + this.offset[0], this.height / 2 + this.offset[1]];
    this.offset = [
      this.offset[0] + (cx - at[0]) * (applied - 1),
      this.offset[1] + (cy - at[1]) * (applied - 1),
    ];
    this.zoom = next;
    this.viewChanged();
  }

  panBy(dx: number, dy: number): void {
    this.offset = [this.offset[0] + dx, this.offset[1] + dy];
    this.viewChanged();
  }

  /** Back to the airport at the default zoom. */
  reset(): void {
    this.zoom = 1;
    this.offset = [0, 0];
    this.viewChanged();
  }

  /** Where a position is drawn (CSS px), or null when off the map. */
  screenPoint(position: LatLon): [number, number] | null {
    const point = this.projection([position.lon, position.lat]);
    if (!point) return null;
    const [x, y] = point;
    if (x < 0 || y < 0 || x > this.width || y > this.height) return null;
    return [x, y];
  }

  /** The aircraft drawn nearest to a point (CSS px), within reach of a click. */
  pick(x: number, y: number): MapAircraft | undefined {
    // What is being painted is what the user sees next: finish it first.
    if (this.painting) this.paintFor(this.painting, Infinity);
    let best: MapAircraft | undefined;
    let bestDistance = PICK_RADIUS_PX ** 2;
    for (const drawn of this.drawn) {
      const distance = (drawn.x - x) ** 2 + (drawn.y - y) ** 2;
      // An aircraft of this airport wins over an overflight drawn at the same place.
      const bonus = drawn.aircraft.role === 'other' ? 0 : 0.5;
      if (distance - bonus < bestDistance) {
        best = drawn.aircraft;
        bestDistance = distance - bonus;
      }
    }
    return best;
  }

  /** How far the map's shortest half-side reaches, km (for the scale note). */
  radiusKm(): number {
    return (Math.min(this.width, this.height) / 2 / this.projection.scale()) * EARTH_RADIUS_KM;
  }

  private viewChanged(): void {
    this.projection
      .scale(this.defaultScale * this.zoom)
      .translate([this.width / 2 + this.offset[0], this.height / 2 + this.offset[1]])
      .clipExtent([
        [0, 0],
        [this.width, this.height],
      ]);
    this.baseValid = false;
    this.draw();
    this.onViewChange();
  }

  private renderBase(): void {
    const context = this.base.getContext('2d');
    if (!context) return;
    const { theme } = this;
    context.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    context.fillStyle = theme.sea;
    context.fillRect(0, 0, this.width, this.height);
    const path = geoPath(this.projection, context);
    if (this.baseMap) {
      context.beginPath();
      path(this.baseMap.land);
      context.fillStyle = theme.land;
      context.fill();
      context.beginPath();
      path(this.baseMap.borders);
      context.strokeStyle = theme.border;
      context.lineWidth = 1;
      context.stroke();
    }
    // Range rings: true distances from the airport in this projection.
    context.font = `${DETAIL_FONT} ${theme.font}`;
    context.fillStyle = theme.textFaint;
    context.strokeStyle = theme.ring;
    context.setLineDash([4, 4]);
    for (const nm of RANGE_RINGS_NM) {
      const degrees = ((nm * KM_PER_NM) / EARTH_RADIUS_KM) * (180 / Math.PI);
      const ring = geoCircle().center([this.airport.lon, this.airport.lat]).radius(degrees)();
      context.beginPath();
      path(ring);
      context.stroke();
      const north = this.projection([this.airport.lon, this.airport.lat + degrees]);
      if (north) context.fillText(`${nm} NM`, north[0] + 4, north[1] + 12);
    }
    context.setLineDash([]);
    this.baseValid = true;
  }

  /** Redraws now, in one go: the base (re-rendered only if the view moved), then every aircraft. */
  draw(): void {
    const context = this.canvas.getContext('2d');
    if (!context || this.width === 0) return;
    // A sliced redraw under way painted for the view as it was.
    this.slicing += 1;
    this.painting = null;
    const started = performance.now();
    const painting = this.paint(context);
    let step = painting.next();
    while (!step.done) step = painting.next();
    this.drawn = step.value;
    this.lastDrawMs = performance.now() - started;
  }

  /**
   * Paints the map on `context`, yielding every SYMBOLS_PER_CHECK symbols (and before the
   * labels) so that a caller can spread it over several tasks; returns the aircraft drawn.
   */
  private *paint(
    context: CanvasRenderingContext2D,
  ): Generator<void, { x: number; y: number; aircraft: MapAircraft }[]> {
    if (!this.baseValid) this.renderBase();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.drawImage(this.base, 0, 0);
    context.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    // Symbols go in small batches, a path of SYMBOLS_PER_PATH filled (or stroked) at once:
    // Chromium's canvas slows down sharply with thousands of subpaths in one path, and one fill
    // per aircraft pays a call each. Others first (underneath, dimmed).
    const drawn: { x: number; y: number; aircraft: MapAircraft }[] = [];
    const byRole: Record<AircraftRole, MapAircraft[]> = { other: [], outbound: [], inbound: [] };
    for (const aircraft of this.aircraft) byRole[aircraft.role].push(aircraft);
    let selected: { x: number; y: number; aircraft: MapAircraft } | undefined;
    for (const role of ['other', 'outbound', 'inbound'] as const) {
      const symbol = aircraftSymbol(role, this.theme);
      const applyStyle = () => {
        context.globalAlpha = symbol.alpha;
        if (symbol.fill) context.fillStyle = symbol.fill;
        if (symbol.stroke) {
          context.strokeStyle = symbol.stroke;
          context.lineWidth = symbol.lineWidth;
          context.lineJoin = 'round';
        }
      };
      applyStyle();
      const paint = () => {
        if (symbol.fill) context.fill();
        if (symbol.stroke) context.stroke();
        context.beginPath();
      };
      let inPath = 0;
      context.beginPath();
      for (const aircraft of byRole[role]) {
        const point = this.screenPoint(aircraft.position);
        if (!point) continue;
        const [x, y] = point;
        const entry = { x, y, aircraft };
        drawn.push(entry);
        if (aircraft.selected) selected = entry;
        traceSymbol(context, symbol.points, x, y, aircraft.position.trackDeg ?? 0);
        inPath += 1;
        if (inPath === SYMBOLS_PER_PATH) {
          paint();
          inPath = 0;
        }
        if (drawn.length % SYMBOLS_PER_CHECK === 0) {
          // The path state survives a pause: only this painting uses the context meanwhile.
          yield;
          applyStyle();
        }
      }
      if (inPath > 0) paint();
    }
    context.globalAlpha = 1;
    if (selected) {
      context.beginPath();
      context.arc(selected.x, selected.y, 11, 0, Math.PI * 2);
      context.strokeStyle = this.theme.text;
      context.lineWidth = 1.5;
      context.stroke();
    }
    yield;
    yield* this.drawLabels(context, drawn, selected);
    return drawn;
  }

  /** The airport, over the traffic near it; its code keeps its place among the labels. */
  private drawAirport(context: CanvasRenderingContext2D, placed: LabelSpace): void {
    const { theme } = this;
    const here = this.projection([this.airport.lon, this.airport.lat]);
    if (!here) return;
    context.beginPath();
    context.arc(here[0], here[1], 6, 0, Math.PI * 2);
    context.fillStyle = theme.surface;
    context.fill();
    context.lineWidth = 2;
    context.strokeStyle = theme.text;
    context.stroke();
    context.beginPath();
    context.arc(here[0], here[1], 2, 0, Math.PI * 2);
    context.fillStyle = theme.text;
    context.fill();
    const font = `${LABEL_FONT} ${theme.font}`;
    const box = {
      x: here[0] - 8,
      y: here[1] - 26,
      w: this.textWidth(context, font, this.airport.code) + 6,
      h: 16,
    };
    placed.take(box);
    context.fillStyle = theme.selectedLabel;
    context.fillRect(box.x, box.y, box.w, box.h);
    context.font = font;
    context.fillStyle = theme.text;
    context.fillText(this.airport.code, box.x + 3, box.y + 12);
  }

  /** Labels where they fit: the selected first, then inbound, then outbound; none overlap. */
  /** The labels of the airport's flights, yielding every LABELS_PER_CHECK of them. */
  private *drawLabels(
    context: CanvasRenderingContext2D,
    drawn: typeof this.drawn,
    selected: (typeof this.drawn)[number] | undefined,
  ): Generator<void, void> {
    const { theme } = this;
    const placed = new LabelSpace();
    this.drawAirport(context, placed);
    const candidates = [
      ...(selected ? [selected] : []),
      ...drawn.filter((d) => d.aircraft.role === 'inbound' && d !== selected),
      ...drawn.filter((d) => d.aircraft.role === 'outbound' && d !== selected),
    ];
    const titleFont = `${LABEL_FONT} ${theme.font}`;
    const detailFont = `${DETAIL_FONT} ${theme.font}`;
    let checked = 0;
    for (const { x, y, aircraft } of candidates) {
      checked += 1;
      if (checked % LABELS_PER_CHECK === 0) yield;
      const label = aircraft.label;
      if (!label) continue;
      const width =
        Math.max(
          this.textWidth(context, titleFont, label.title),
          this.textWidth(context, detailFont, label.detail),
        ) + 6;
      const box = { x: x + 9, y: y - 14, w: width, h: 27 };
      if (!placed.take(box) && !aircraft.selected) continue;
      context.fillStyle = aircraft.selected ? theme.selectedLabel : theme.labelBackground;
      context.fillRect(box.x, box.y, box.w, box.h);
      if (aircraft.selected) {
        context.strokeStyle = theme.text;
        context.lineWidth = 1;
        context.strokeRect(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1);
      }
      context.fillStyle = theme.text;
      context.font = titleFont;
      context.fillText(label.title, box.x + 3, box.y + 11);
      context.fillStyle = theme.textDim;
      context.font = detailFont;
      context.fillText(label.detail, box.x + 3, box.y + 23);
    }
  }

  /** Text widths, remembered: labels repeat from one redraw to the next. */
  private readonly widths = new Map<string, number>();

  private textWidth(context: CanvasRenderingContext2D, font: string, text: string): number {
    if (!text) return 0;
    const key = `${font}|${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      if (this.widths.size > 20_000) this.widths.clear();
      context.font = font;
      width = context.measureText(text).width;
      this.widths.set(key, width);
    }
    return width;
  }
}
