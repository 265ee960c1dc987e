import { useState } from 'react';
import { can, type Direction } from '../../../../core';
import { useSessionStore } from '../../stores/sessionStore';
import { FlightGrid } from './FlightGrid';
import { FlightEditPanel } from './FlightEditPanel';
import { GridToolbar } from './GridToolbar';
import { SelectedFlightAnnouncer } from './SelectedFlightAnnouncer';
import { PendingEditsList } from '../pending/PendingEditsList';
import { FlightNotificationsDialog } from '../notifications/FlightNotificationsDialog';
import '../../styles/grid.css';
import '../../styles/safety.css';

/** The agent's working view of one direction: filters, the grid, and the edit panel beside it. */
function FlightsView({ direction }: { direction: Direction }) {
  const role = useSessionStore((s) => s.user?.role ?? 'viewer');
  const canEdit = can(role, 'editFlights');
  const [displayedCount, setDisplayedCount] = useState(0);
  return (
    <main className="flights-view">
      <GridToolbar direction={direction} displayedCount={displayedCount} />
      <PendingEditsList />
      <div className="flights-body">
        <FlightGrid
          direction={direction}
          canEdit={canEdit}
          onDisplayedCountChange={setDisplayedCount}
        />
        {canEdit && <FlightEditPanel direction={direction} />}
      </div>
      <FlightNotificationsDialog />
      <SelectedFlightAnnouncer />
    </main>
  );
}

export function DeparturesView() {
  return <FlightsView direction="departure" />;
}

export function ArrivalsView() {
  return <FlightsView direction="arrival" />;
}
