import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { can } from '../../../../core/roles';
import { useNow } from '../../hooks/useNow';
import { useGatesStore } from '../../stores/gatesStore';
import '../../styles/gates.css';
import { useSessionStore } from '../../stores/sessionStore';

const GateConflictsPanel = lazy(() =>
  import('./GateConflictsPanel').then((m) => ({ default: m.GateConflictsPanel })),
);

/**
 * The header's count of gate conflicts still to come (the hub's `gates:conflicts`); a click opens
 * the list, each conflict with its one-click fix.
 */
export function GateConflictCount() {
  const role = useSessionStore((s) => s.user?.role ?? 'viewer');
  const now = useNow(30_000);
  const count = useGatesStore(
    (s) => s.conflicts.filter((conflict) => Date.parse(conflict.to) >= now).length,
  );
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !box.current?.contains(event.target as Node)
      ) {
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="gate-conflict-count" ref={box}>
      <button
        type="button"
        className={count > 0 ? 'gate-conflict-badge has-conflicts' : 'gate-conflict-badge'}
        data-testid="gate-conflict-count"
        data-count={count}
        aria-expanded={open}
        title="Gate conflicts from now on (hub's gate rules)"
        onClick={() => setOpen(!open)}
      >
        <span className="header-wide">Gate conflicts</span>
        <span className="header-narrow">Conflicts</span>
        <span className="gate-conflict-number">{count}</span>
      </button>
      {open && (
        <div className="gate-conflicts-popover" role="dialog" aria-label="Gate conflicts">
          <Suspense fallback={null}>
            <GateConflictsPanel canEdit={can(role, 'editFlights')} now={now} />
          </Suspense>
        </div>
      )}
    </div>
  );
}
