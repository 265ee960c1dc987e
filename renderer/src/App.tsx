import { lazy, Suspense } from 'react';
import { useSessionStore } from './stores/sessionStore';
import { LoginScreen } from './views/login/LoginScreen';

// Everything after sign-in is its own chunk: the login screen loads and runs without it.
const ConsoleShell = lazy(() =>
  import('./views/shell/ConsoleShell').then((m) => ({ default: m.ConsoleShell })),
);

export function App() {
  const signedIn = useSessionStore((s) => s.user !== null);
  if (!signedIn) return <LoginScreen />;
  return (
    <Suspense fallback={<div className="console" aria-busy="true" />}>
      <ConsoleShell />
    </Suspense>
  );
}
