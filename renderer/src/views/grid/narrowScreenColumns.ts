import type { ColDef } from 'ag-grid-community';

/** Below this width the grid's columns are fitted to the screen (issue 10: 1280×720 desks). */
export const NARROW_SCREEN_PX = 1440;

const NARROW_WIDTHS: Record<string, number> = {
  delay: 56,
  destination: 132,
  origin: 132,
  turnaround: 112,
  passengers: 70,
  notifications: 120,
  updated: 104,
};

/** Said elsewhere on a narrow screen: the flight number names the airline, the panel the terminal. */
const HIDDEN_WHEN_NARROW = new Set(['airline', 'terminal']);

/**
 * The grid's columns for a narrow screen: the airline name (the flight number says it) and the
 * terminal (the edit panel shows it) start hidden and a few wide columns narrower, so Code,
 * Remark, Notified and Last change stay on screen. An agent's own saved layout still wins
 * (applied after this). Both directions use it.
 */
export function fitColumnsToScreen<T>(columns: ColDef<T>[], screenWidth: number): ColDef<T>[] {
  if (screenWidth >= NARROW_SCREEN_PX) return columns;
  return columns.map((column) => {
    const colId = column.colId ?? '';
    if (HIDDEN_WHEN_NARROW.has(colId)) return { ...column, hide: true };
    const width = NARROW_WIDTHS[colId];
    return width ? { ...column, width } : column;
  });
}
