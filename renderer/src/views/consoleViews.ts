import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../../../core/protocol';
import { can, type Permission } from '../../../core/roles';
import type { ConsoleView } from '../stores/uiStore';

/**
 * The console's views, each in its own chunk: loaded when first opened (or ahead, while the
 * console is idle), so signing in never waits for a view nobody opened. A new view (arrivals,
 * gate plan, map, ...) is one entry here; the header's tabs and the shell follow this list.
 */
export interface ConsoleViewEntry {
  id: ConsoleView;
  /** Its tab in the header. */
  label: string;
  /** Who may open it. */
  permission: Permission;
  load: () => Promise<{ default: ComponentType }>;
}

export const CONSOLE_VIEWS: readonly ConsoleViewEntry[] = [
  {
    id: 'grid',
    label: 'Departures',
    permission: 'editFlights',
    load: () => import('./grid/DeparturesView').then((m) => ({ default: m.DeparturesView })),
  },
  {
    id: 'board',
    label: 'Board',
    permission: 'readFlights',
    load: () => import('./board/DepartureBoard').then((m) => ({ default: m.DepartureBoard })),
  },
];

export function viewsFor(role: Role): ConsoleViewEntry[] {
  return CONSOLE_VIEWS.filter((view) => can(role, view.permission));
}

/** The view to show: the one chosen, if this role may open it; else the role's first. */
export function shownView(role: Role, chosen: ConsoleView): ConsoleViewEntry | undefined {
  const allowed = viewsFor(role);
  return allowed.find((view) => view.id === chosen) ?? allowed[0];
}

const components = new Map<ConsoleView, LazyExoticComponent<ComponentType>>();

/** The view's component, loading its chunk on first render (the shell shows a quiet fallback). */
export function viewComponent(view: ConsoleViewEntry): LazyExoticComponent<ComponentType> {
  let component = components.get(view.id);
  if (!component) {
    component = lazy(view.load);
    components.set(view.id, component);
  }
  return component;
}

/**
 * Gets the signed-in console ready while the login screen is idle: its shell and views load
 * (each chunk once), and the browser's time zone data is read in. The first time-zone-aware
 * date format costs Chromium 100–200 ms (ICU data); otherwise the first local time the console
 * shows pays it, in the middle of signing in.
 */
export function prefetchConsole(): void {
  void import('./shell/ConsoleShell');
  void import('../session/liveSession');
  for (const view of CONSOLE_VIEWS) void view.load();
  requestIdleCallback(
    () => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', timeStyle: 'long' }).format(0),
    { timeout: 2_000 },
  );
}
