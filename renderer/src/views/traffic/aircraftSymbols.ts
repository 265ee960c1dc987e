import type { AircraftRole } from './trafficPresentation';

/**
 * The map's colours, read from the console's CSS variables (styles/console.css) so the map
 * follows the theme; and the aircraft symbols. Inbound and outbound differ in shape as well as
 * colour (a filled dart, a hollow one), so neither colour vision nor a grey screen loses them;
 * aircraft not flying to or from here are small, grey and dimmed.
 */
export interface MapTheme {
  font: string;
  sea: string;
  land: string;
  border: string;
  ring: string;
  surface: string;
  text: string;
  textDim: string;
  textFaint: string;
  inbound: string;
  outbound: string;
  other: string;
  labelBackground: string;
  selectedLabel: string;
}

export function readMapTheme(element: Element = document.documentElement): MapTheme {
  const style = getComputedStyle(element);
  const variable = (name: string, fallback: string) =>
    style.getPropertyValue(name).trim() || fallback;
  return {
    font: variable('--font-ui', 'sans-serif'),
    sea: variable('--surface-input', '#0b0f14'),
    land: variable('--surface-raised', '#151b22'),
    border: variable('--border-strong', '#2f3944'),
    ring: variable('--border-strong', '#2f3944'),
    surface: variable('--surface', '#10151b'),
    text: variable('--text', '#d6dce3'),
    textDim: variable('--text-dim', '#8c98a5'),
    textFaint: variable('--text-faint', '#8a96a3'),
    inbound: variable('--accent-strong', '#6fb0ec'),
    outbound: variable('--green', '#3fb96b'),
    other: variable('--grey', '#7c8794'),
    labelBackground: 'rgba(12, 16, 21, 0.78)',
    selectedLabel: 'rgba(21, 27, 34, 0.95)',
  };
}

export interface AircraftSymbol {
  /** Outline, nose up (north), centred on the aircraft's position; rotated by its track when drawn. */
  points: readonly (readonly [number, number])[];
  fill: string | null;
  stroke: string | null;
  lineWidth: number;
  alpha: number;
}

const OUTLINES: Record<AircraftRole, readonly (readonly [number, number])[]> = {
  inbound: [
    [0, -8],
    [6, 7],
    [0, 3.5],
    [-6, 7],
  ],
  outbound: [
    [0, -7],
    [5.5, 6.5],
    [0, 3.5],
    [-5.5, 6.5],
  ],
  other: [
    [0, -5],
    [3.5, 4.5],
    [-3.5, 4.5],
  ],
};

/** The outlines as SVG path data: the legend draws the same shapes. */
export const SYMBOL_PATHS = Object.fromEntries(
  Object.entries(OUTLINES).map(([role, points]) => [
    role,
    `${points.map(([x, y], index) => `${index ? 'L' : 'M'}${x} ${y}`).join(' ')} Z`,
  ]),
) as Record<AircraftRole, string>;

export function aircraftSymbol(role: AircraftRole, theme: MapTheme): AircraftSymbol {
  const points = OUTLINES[role];
  if (role === 'inbound')
    return { points, fill: theme.inbound, stroke: null, lineWidth: 0, alpha: 1 };
  if (role === 'outbound') {
    return { points, fill: null, stroke: theme.outbound, lineWidth: 2, alpha: 1 };
  }
  return { points, fill: theme.other, stroke: null, lineWidth: 0, alpha: 0.55 };
}

/** Adds the symbol, turned by `trackDeg` and placed at (x, y), to the current path. */
export function traceSymbol(
  context: CanvasRenderingContext2D,
  points: AircraftSymbol['points'],
  x: number,
  y: number,
  trackDeg: number,
): void {
  const radians = (trackDeg * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  points.forEach(([px, py], index) => {
    const sx = x + px * cos - py * sin;
    const sy = y + px * sin + py * cos;
    if (index === 0) context.moveTo(sx, sy);
    else context.lineTo(sx, sy);
  });
  context.closePath();
}
