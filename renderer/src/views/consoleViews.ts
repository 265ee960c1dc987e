import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../../../core/protocol';
import { can, type Permission } from '../../../core/roles';
import { useSessionStore } from '../stores/sessionStore';
import { whenIdle } from '../scheduling/mainThread';
import { prepareSnapshotWorker } from '../sync/snapshotLoader';
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
  /** Runs the view's costliest first render once, off screen, before sign-in (optional). */
  warmUp?: () => Promise<void>;
}

export const CONSOLE_VIEWS: readonly ConsoleViewEntry[] = [
  {
    id: 'grid',
    label: 'Departures',
    permission: 'editFlights',
    load: () => import('./grid/FlightsView').then((m) => ({ default: m.DeparturesView })),
    warmUp: () => import('./grid/gridWarmUp').then((m) => m.warmUpDeparturesGrid()),
  },
  {
    id: 'arrivals',
    label: 'Arrivals',
    permission: 'editFlights',
    load: () => import('./grid/FlightsView').then((m) => ({ default: m.ArrivalsView })),
  },
  {
    id: 'board',
    label: 'Board',
    permission: 'readFlights',
    load: () => import('./board/DepartureBoard').then((m) => ({ default: m.DepartureBoard })),
  },
  {
    id: 'gateplan',
    label: 'Gate plan',
    permission: 'readFlights',
    load: () => import('./gateplan/GatePlanView').then((m) => ({ default: m.GatePlanView })),
  },
  {
    id: 'traffic',
    label: 'Traffic',
    permission: 'readFlights',
    load: () => import('./traffic/TrafficMapView').then((m) => ({ default: m.TrafficMapView })),
  },
  {
    id: 'gates',
    label: 'Gates',
    permission: 'manageSchedule',
    load: () => import('./gates/GateListEditor').then((m) => ({ default: m.GateListEditor })),
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

const stillSignedOut = () => useSessionStore.getState().user === null;

/**
 * Gets the signed-in console ready while the login screen is idle, one step per idle period:
 * its shell and views load (each chunk once), and the worker that will load the flights; the
 * browser reads its time zone data (the first time-zone-aware date format costs Chromium
 * 100–200 ms of ICU loading); each view's costliest first render runs once off screen.
 * Otherwise signing in would pay for all of it. When done, `<html data-console-ready>` says so
 * (the console bench waits for it, as a person typing would).
 */
export function prefetchConsole(): void {
  void import('./shell/ConsoleShell');
  void import('../session/liveSession');
  for (const view of CONSOLE_VIEWS) void view.load();
  prepareSnapshotWorker();
  whenIdle(() =>
    new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', timeStyle: 'long' }).format(0),
  );
  const warmUps = CONSOLE_VIEWS.flatMap((view) => (view.warmUp ? [view.warmUp] : []));
  const next = () => {
    const warmUp = warmUps.shift();
    if (!warmUp) document.documentElement.dataset.consoleReady = 'true';
    else if (stillSignedOut()) whenIdle(() => void warmUp().then(next));
  };
  whenIdle(next);
}
