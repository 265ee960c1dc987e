import { useState } from 'react';
import { can } from '../../../../core';
import { useSessionStore } from '../../stores/sessionStore';
import { DeparturesGrid } from './DeparturesGrid';
import { FlightEditPanel } from './FlightEditPanel';
import { GridToolbar } from './GridToolbar';
import { SelectedFlightAnnouncer } from './SelectedFlightAnnouncer';
import { PendingEditsList } from '../pending/PendingEditsList';
import { FlightNotificationsDialog } from '../notifications/FlightNotificationsDialog';
import '../../styles/grid.css';
import '../../styles/safety.css';

/** The agent's working view: filters, the departures grid, and the edit panel beside it. */
export function DeparturesView() {
  const role = useSessionStore((s) => s.user?.role ?? 'viewer');
  const canEdit = can(role, 'editFlights');
  const [displayedCount, setDisplayedCount] = useState(0);
  return (
    <main className="departures-view">
      <GridToolbar displayedCount={displayedCount} />
      <PendingEditsList />
      <div className="departures-body">
        <DeparturesGrid canEdit={canEdit} onDisplayedCountChange={setDisplayedCount} />
        {canEdit && <FlightEditPanel />}
      </div>
      <FlightNotificationsDialog />
      <SelectedFlightAnnouncer />
    </main>
  );
}
