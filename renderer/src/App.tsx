import { useSessionStore } from './stores/sessionStore';
import { useUiStore } from './stores/uiStore';
import { can } from '../../core';
import { LoginScreen } from './views/login/LoginScreen';
import { ConsoleHeader } from './views/shell/ConsoleHeader';
import { DeparturesView } from './views/grid/DeparturesView';
import { DepartureBoard } from './views/board/DepartureBoard';

export function App() {
  const role = useSessionStore((s) => s.user?.role);
  const view = useUiStore((s) => s.view);
  if (!role) return <LoginScreen />;
  // Viewers only ever get the board; the grid is for those who can change flights.
  const showBoard = view === 'board' || !can(role, 'editFlights');
  return (
    <div className={`console ${showBoard ? 'console-board' : 'console-grid'}`}>
      <ConsoleHeader />
      {showBoard ? <DepartureBoard /> : <DeparturesView />}
    </div>
  );
}
