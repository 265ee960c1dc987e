import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { REMARK_MAX_LENGTH, formatLocalTime, type Flight } from '../../../../core';
import { STATUS_LABELS, destinationLabel } from '../../domain/flightPresentation';
import { useNotificationsStore } from '../../stores/notificationsStore';
import type { StatusConfirmation } from './statusConfirmation';

interface StatusConfirmDialogProps {
  flight: Flight;
  confirmation: StatusConfirmation;
  zone: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

/**
 * Asks before a status change that hurts if wrong (cancel, depart, reinstate, take back), with a
 * reason where one is kept. Enter confirms once a needed reason is given; Esc goes back.
 */
export function StatusConfirmDialog({
  flight,
  confirmation,
  zone,
  onConfirm,
  onCancel,
}: StatusConfirmDialogProps) {
  const passengers = useNotificationsStore((s) => s.summaries[flight.id]?.passengers);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const first = useRef<HTMLInputElement & HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  const errorId = useId();
  useEffect(() => first.current?.focus(), []);

  const missing = confirmation.needsReason && reason.trim() === '';
  const confirm = () => {
    setTried(true);
    if (!missing) onConfirm(reason.trim());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      event.stopPropagation();
      confirm();
    }
  };

  const who = passengers ? `${passengers} passengers` : 'Every passenger on the manifest';
  const now = formatLocalTime(new Date().toISOString(), zone);
  const text = {
    cancel: {
      title: `Cancel ${flight.flightNumber} to ${destinationLabel(flight)}?`,
      body: `${who} will be told the flight is cancelled. Only a supervisor can reinstate it.`,
      action: 'Cancel the flight',
    },
    depart: {
      title: `Mark ${flight.flightNumber} departed at ${now}?`,
      body: `${now} is recorded as the actual departure time. Only a supervisor can take it back.`,
      action: 'Mark departed',
    },
    reinstate: {
      title: `Reinstate ${flight.flightNumber} as ${STATUS_LABELS[confirmation.to]}?`,
      body: 'Passengers told of the cancellation get a correction with the gate and time.',
      action: 'Reinstate the flight',
    },
    'take-back': {
      title: `Take back the departure of ${flight.flightNumber}?`,
      body: `The flight goes back to ${STATUS_LABELS[confirmation.to]}${
        flight.atd ? ` and the departure time ${formatLocalTime(flight.atd, zone)} is cleared` : ''
      }.`,
      action: 'Take back the departure',
    },
  }[confirmation.kind];

  return (
    <div className="dialog-backdrop">
      <div
        className="dialog status-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={textId}
        data-testid="status-confirm"
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{text.title}</h2>
        <p id={textId}>{text.body}</p>
        {confirmation.needsReason && (
          <label className="edit-row dialog-reason">
            <span className="edit-label">Reason (kept in the history)</span>
            <input
              ref={first}
              data-testid="status-reason"
              value={reason}
              maxLength={REMARK_MAX_LENGTH}
              autoComplete="off"
              aria-invalid={tried && missing}
              aria-describedby={tried && missing ? errorId : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
        )}
        {tried && missing && (
          <p id={errorId} className="edit-problem" role="alert">
            Say why: the reason is kept with the change.
          </p>
        )}
        <div className="edit-actions">
          <button
            ref={confirmation.needsReason ? undefined : first}
            type="button"
            className={confirmation.kind === 'cancel' ? 'button-danger' : 'button-primary'}
            data-testid="status-confirm-yes"
            onClick={confirm}
          >
            {text.action}
          </button>
          <button
            type="button"
            className="button-quiet"
            data-testid="status-confirm-no"
            onClick={onCancel}
          >
            Go back <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}
