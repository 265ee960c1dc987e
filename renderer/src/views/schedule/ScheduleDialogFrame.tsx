import { useEffect, useRef, type ReactNode } from 'react';
import '../../styles/schedule.css';

/** The schedule dialogs' frame: a modal over the console, closed by Escape, × or a click beside. */
export function ScheduleDialogFrame({
  title,
  subtitle,
  testId,
  onClose,
  children,
}: {
  title: string;
  subtitle: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    dialog.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') closeRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="dialog-backdrop" onMouseDown={onClose}>
      <div
        ref={dialog}
        className="panel-dialog sched-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${testId}-title`}
        data-testid={testId}
        tabIndex={-1}
        onMouseDown={(event) => event.stopPropagation()}
      >
        <header className="sched-head">
          <div>
            <h2 id={`${testId}-title`}>{title}</h2>
            <p className="sched-sub">{subtitle}</p>
          </div>
          <button type="button" className="sched-close" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
