import type { ColDef } from 'ag-grid-community';

/** Below this width the grid's columns are fitted to the screen (issue 10: 1280×720 desks). */
export const NARROW_SCREEN_PX = 1440;

const NARROW_WIDTHS: Record<string, number> = {
  destination: 150,
  notifications: 120,
  updated: 104,
};

/**
 * The grid's columns for a narrow screen: the airline name (the flight number says it) starts
 * hidden and a few wide columns narrower, so Code, Remark, Notified and Last change stay on
 * screen. An agent's own saved layout still wins (applied after this).
 */
export function fitColumnsToScreen<T>(columns: ColDef<T>[], screenWidth: number): ColDef<T>[] {
  if (screenWidth >= NARROW_SCREEN_PX) return columns;
  return columns.map((column) => {
    const colId = column.colId ?? '';
    if (colId === 'airline') return { ...column, hide: true };
    const width = NARROW_WIDTHS[colId];
    return width ? { ...column, width } : column;
  });
}
