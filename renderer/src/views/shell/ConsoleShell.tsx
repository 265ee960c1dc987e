import { Suspense } from 'react';
import { useSessionStore } from '../../stores/sessionStore';
import { useUiStore } from '../../stores/uiStore';
import { shownView, viewComponent } from '../consoleViews';
import { ConsoleHeader } from './ConsoleHeader';

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
      <Suspense fallback={<main className="view-loading" aria-busy="true" />}>
        <View />
      </Suspense>
    </div>
  );
}
