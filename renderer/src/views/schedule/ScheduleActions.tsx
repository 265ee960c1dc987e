import { lazy, Suspense, useState } from 'react';

// The dialogs (and the airport list the flight form reads) load when first opened.
const ScheduleImportDialog = lazy(() =>
  import('./ScheduleImportDialog').then((m) => ({ default: m.ScheduleImportDialog })),
);
const AdHocFlightDialog = lazy(() =>
  import('./AdHocFlightDialog').then((m) => ({ default: m.AdHocFlightDialog })),
);

/**
 * A supervisor's schedule work, as header actions: importing a season's schedule and adding a
 * charter are occasional tasks done over the live flights, so they open as dialogs above the
 * grid rather than as a view of their own.
 */
export function ScheduleActions() {
  const [open, setOpen] = useState<'import' | 'adhoc' | null>(null);
  const close = () => setOpen(null);
  return (
    <div className="schedule-actions">
      <button
        type="button"
        className="button-quiet"
        data-testid="open-schedule-import"
        onClick={() => setOpen('import')}
      >
        Import<span className="header-wide"> schedule</span>
      </button>
      <button
        type="button"
        className="button-quiet"
        data-testid="open-adhoc-flight"
        onClick={() => setOpen('adhoc')}
      >
        Add flight
      </button>
      <Suspense fallback={null}>
        {open === 'import' && <ScheduleImportDialog onClose={close} />}
        {open === 'adhoc' && <AdHocFlightDialog onClose={close} />}
      </Suspense>
    </div>
  );
}
