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
  /** Nose up (north), centred on the aircraft's position; rotated by its track when drawn. */
  path: Path2D;
  fill: string | null;
  stroke: string | null;
  lineWidth: number;
  alpha: number;
}

/** The outlines, as SVG path data: the legend draws the same shapes. */
export const SYMBOL_PATHS: Record<AircraftRole, string> = {
  inbound: 'M0 -8 L6 7 L0 3.5 L-6 7 Z',
  outbound: 'M0 -7 L5.5 6.5 L0 3.5 L-5.5 6.5 Z',
  other: 'M0 -5 L3.5 4.5 L-3.5 4.5 Z',
};

const symbols = new Map<string, AircraftSymbol>();

export function aircraftSymbol(role: AircraftRole, theme: MapTheme): AircraftSymbol {
  const key = `${role}|${theme.inbound}|${theme.outbound}|${theme.other}`;
  let symbol = symbols.get(key);
  if (!symbol) {
    const path = new Path2D(SYMBOL_PATHS[role]);
    symbol =
      role === 'inbound'
        ? { path, fill: theme.inbound, stroke: null, lineWidth: 0, alpha: 1 }
        : role === 'outbound'
          ? { path, fill: null, stroke: theme.outbound, lineWidth: 2, alpha: 1 }
          : { path, fill: theme.other, stroke: null, lineWidth: 0, alpha: 0.55 };
    symbols.set(key, symbol);
  }
  return symbol;
}
