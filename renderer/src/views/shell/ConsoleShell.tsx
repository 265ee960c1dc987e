import { Suspense, lazy } from 'react';
import { useSessionStore } from '../../stores/sessionStore';
import { useUiStore } from '../../stores/uiStore';
import { shownView, viewComponent } from '../consoleViews';
import { ConsoleHeader } from './ConsoleHeader';

// Its own chunk (it brings AG Charts): loaded for supervisors only.
const KpiStrip = lazy(() => import('../kpis/KpiStrip').then((m) => ({ default: m.KpiStrip })));

/** The signed-in console: the header, and the view chosen in it (loaded on first open). */
export function ConsoleShell() {
  const role = useSessionStore((s) => s.user?.role);
  const chosen = useUiStore((s) => s.view);
  const view = role ? shownView(role, chosen) : undefined;
  if (!view) return null;
  const View = viewComponent(view);
  return (
    <div className={`console console-${view.id}`}>
      <ConsoleHeader />
      {role === 'supervisor' && view.id !== 'board' && (
        <Suspense fallback={null}>
          <KpiStrip />
        </Suspense>
      )}
      <Suspense fallback={<main className="view-loading" aria-busy="true" />}>
        <View />
      </Suspense>
    </div>
  );
}
