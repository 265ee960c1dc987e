import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  REMARK_MAX_LENGTH,
  allowedNextStatuses,
  can,
  correctionStatuses,
  delayMinutes,
  findDelayCode,
  flightDirection,
  formatLocalTime,
  plainRefusal,
  type Direction,
  type Flight,
} from '../../../../core';
import { STATUS_LABELS, flightTimeZone, formatDelay } from '../../domain/flightPresentation';
import { useFlightsStore } from '../../stores/flightsStore';
import { useSessionStore } from '../../stores/sessionStore';
import { selectFlightEditMarks, usePendingEditsStore } from '../../stores/pendingEditsStore';
import { useUiStore, type EditField } from '../../stores/uiStore';
import { currentFlight, submitFlightEdit } from '../../sync/flightEdits';
import { dismissRefusals } from '../../sync/pendingEdits';
import { FlightHistoryPanel } from '../history/FlightHistoryPanel';
import { ConflictResolver } from '../pending/ConflictResolver';
import { GateHint } from '../gates/GateHint';
import { gatesOfTerminal } from '../gates/gateSuggestions';
import { useGatesStore } from '../../stores/gatesStore';
import { PendingEditNotice } from '../pending/PendingEditNotice';
import { DelayCodeSelect } from './DelayCodeSelect';
import { FlightSummary } from './FlightSummary';
import { TurnaroundLine } from '../turnarounds/TurnaroundLine';
import { PositionFacts } from '../traffic/PositionFacts';
import {
  EDIT_FIELDS,
  checkDraft,
  draftEtd,
  draftEtdWarning,
  draftFromFlight,
  needsDelayCode,
  scheduledOf,
  timeFieldOf,
  type EditDraft,
} from './flightEditForm';
import { CodeField, type CodeFieldName } from './CodeField';
import { focusFlightInGrid } from './gridHandle';
import { EditPanelToggle, useEditPanelOpen } from './editPanelLayout';
import { StatusConfirmDialog } from './StatusConfirmDialog';
import { statusConfirmation, type StatusConfirmation } from './statusConfirmation';

let lastHandledEditRequest = 0;

/**
 * The selected flight's details and its edit form, for the view's direction (a departure
 * selected in the other tab is not shown here). Keyboard: Enter sends, Esc reverts/leaves.
 */
export function FlightEditPanel({ direction }: { direction: Direction }) {
  const selectedFlightId = useUiStore((s) => s.selectedFlightId);
  const selected = useFlightsStore((s) =>
    selectedFlightId ? s.flights.get(selectedFlightId) : undefined,
  );
  const flight = selected && flightDirection(selected) === direction ? selected : undefined;
  const open = useEditPanelOpen();
  if (!open) {
    return (
      <aside className="edit-panel edit-panel-collapsed" data-testid="edit-panel" aria-label="Edit">
        <EditPanelToggle />
      </aside>
    );
  }
  if (!flight) {
    return (
      <aside className="edit-panel edit-panel-empty" data-testid="edit-panel" aria-label="Edit">
        <EditPanelToggle />
        <p>Select a flight with the arrow keys or a click.</p>
        <p className="hint">
          <kbd>Enter</kbd> or <kbd>F2</kbd> edits the field under the cursor · <kbd>/</kbd> filters
        </p>
      </aside>
    );
  }
  return <FlightEditor key={flight.id} flight={flight} />;
}

function FlightEditor({ flight }: { flight: Flight }) {
  const editRequest = useUiStore((s) => s.editRequest);
  const { pendingChanges, refusal, conflict } = usePendingEditsStore(
    selectFlightEditMarks(flight.id),
  );
  const pending = pendingChanges !== null;
  const username = useSessionStore((s) => s.user?.username ?? '');
  const mayCorrectStatus = useSessionStore((s) =>
    s.user ? can(s.user.role, 'correctStatus') : false,
  );
  const [confirming, setConfirming] = useState<StatusConfirmation | null>(null);
  const airportZone = useSessionStore((s) => s.airport?.timeZone);
  const gateList = useGatesStore((s) => s.gates);
  const zone = flightTimeZone(
    flight,
    airportZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );

  // `base` is the version the agent is editing: what `baseVersion` will say.
  const [base, setBase] = useState(flight);
  const [draft, setDraft] = useState<EditDraft>(() => draftFromFlight(flight));
  const [problem, setProblem] = useState<{ message: string; field: EditField | null } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const dirty = useMemo(
    () => JSON.stringify(draft) !== JSON.stringify(draftFromFlight(base)),
    [draft, base],
  );

  // Follow the hub while the agent has typed nothing; once typing, keep the version seen.
  if (flight.version !== base.version && !dirty) {
    setBase(flight);
    setDraft(draftFromFlight(flight));
  }
  const changedMeanwhile = dirty && flight.version !== base.version;

  const inputs = {
    gate: useRef<HTMLInputElement>(null),
    etd: useRef<HTMLInputElement>(null),
    delayCode: useRef<HTMLSelectElement>(null),
    status: useRef<HTMLSelectElement>(null),
    remark: useRef<HTMLInputElement>(null),
    eta: useRef<HTMLInputElement>(null),
    stand: useRef<HTMLInputElement>(null),
    belt: useRef<HTMLInputElement>(null),
  };
  const offered = EDIT_FIELDS[flightDirection(flight)];
  const timeField = timeFieldOf(flight);
  const focusField = (field: EditField) => {
    const element = inputs[field].current;
    element?.focus();
    if (element instanceof HTMLInputElement) element.select();
  };

  const panel = useRef<HTMLElement>(null);

  // Each request to edit is honoured once, by the editor of the flight it names.
  useEffect(() => {
    if (!editRequest || editRequest.flightId !== flight.id) return;
    if (editRequest.serial <= lastHandledEditRequest) return;
    lastHandledEditRequest = editRequest.serial;
    // On a slow workstation the agent may already be in another field of this panel: never pull
    // the cursor away from where they are typing.
    if (panel.current?.contains(document.activeElement)) return;
    focusField(editRequest.field);
    // focusField only reads refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editRequest, flight.id]);

  const update = (patch: Partial<EditDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setProblem(null);
    setSaved(null);
  };

  const resetTo = (next: Flight) => {
    setBase(next);
    setDraft(draftFromFlight(next));
  };

  const submit = async (event?: FormEvent, statusReason?: string) => {
    event?.preventDefault();
    if (pending) return;
    const options = { mayCorrectStatus, statusReason: statusReason ?? 'to be asked' };
    const check = checkDraft(base, draft, zone, username, options);
    if (check.ok && statusReason === undefined) {
      // No single keystroke cancels, departs or un-cancels a flight: ask first.
      const confirmation = statusConfirmation(base, draft.status);
      if (confirmation) {
        setConfirming(confirmation);
        return;
      }
    }
    if (check.ok && statusReason !== undefined) {
      const confirmed = checkDraft(base, draft, zone, username, { mayCorrectStatus, statusReason });
      return send(confirmed);
    }
    return send(check);
  };

  const send = async (check: ReturnType<typeof checkDraft>) => {
    if (!check.ok) {
      setProblem({ message: plainRefusal(check.message, zone), field: check.field });
      if (check.field) focusField(check.field);
      return;
    }
    setProblem(null);
    const outcome = await submitFlightEdit(flight.id, base.version, check.changes);
    // Success or refusal, the form shows the hub's truth again.
    resetTo(currentFlight(flight.id) ?? base);
    if (outcome.ok) {
      setSaved(`Saved by the hub (version ${outcome.flight.version}).`);
      focusFlightInGrid(flight.id);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (confirming) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      if (dirty) {
        resetTo(flight);
        setProblem(null);
      } else {
        focusFlightInGrid(flight.id);
      }
    } else if (event.key === 'Enter' && event.target instanceof HTMLSelectElement) {
      // A native select swallows Enter; agents expect Enter to send from any field.
      event.preventDefault();
      void submit();
    }
  };

  const previewEtd = draftEtd(base, draft, zone);
  const etdWarning = draftEtdWarning(base, draft, zone);
  const codeRequired = needsDelayCode(base, draft, zone);
  const selectedCode = findDelayCode(draft.delayCode);
  const invalid = (field: EditField) => (problem?.field === field ? 'field-invalid' : undefined);
  /** aria-invalid and the error that describes it, on the field the problem names. */
  const described = (field: EditField) =>
    problem?.field === field
      ? { 'aria-invalid': true, 'aria-describedby': `edit-problem-${flight.id}` }
      : { 'aria-invalid': false };
  const corrections = mayCorrectStatus
    ? correctionStatuses(base.status, flightDirection(base))
    : [];
  const gateSuggestions = useMemo(
    () => gatesOfTerminal(gateList, base.terminal),
    [gateList, base.terminal],
  );
  const codeField = (field: CodeFieldName) =>
    offered.includes(field) && (
      <CodeField
        field={field}
        inputRef={inputs[field]}
        className={invalid(field)}
        aria={described(field)}
        value={draft[field]}
        onChange={(value) => update({ [field]: value })}
        {...(field === 'gate' ? { suggestions: gateSuggestions } : {})}
      />
    );

  return (
    <aside
      ref={panel}
      className="edit-panel"
      data-testid="edit-panel"
      data-flight-id={flight.id}
      aria-label={`Edit ${flight.flightNumber}`}
    >
      <EditPanelToggle />
      <FlightSummary flight={flight} zone={zone} />
      <TurnaroundLine flight={flight} zone={zone} />
      <PositionFacts flight={flight} zone={zone} canEdit />

      {refusal && (
        <div className="refusal" role="alert" data-testid="refusal-message">
          <span>{plainRefusal(refusal, zone)}</span>
          {/* A conflict is settled below (keep mine / take current), not dismissed. */}
          {!conflict && (
            <button
              type="button"
              className="refusal-dismiss"
              aria-label="Dismiss"
              onClick={() => dismissRefusals(flight.id)}
            >
              ×
            </button>
          )}
        </div>
      )}
      <ConflictResolver flightId={flight.id} />
      {changedMeanwhile && (
        <div className="notice" data-testid="changed-meanwhile">
          {flight.updatedBy ?? 'Someone'} changed this flight while you were editing. Fields you did
          not touch are kept; <kbd>Esc</kbd> reloads the form.
        </div>
      )}

      <form className="edit-form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
        {codeField('gate')}
        {offered.includes('gate') && <GateHint flight={base} gate={draft.gate} />}

        <label className="edit-row">
          <span className="edit-label">New time</span>
          <input
            ref={inputs[timeField]}
            data-testid={`edit-${timeField}`}
            className={invalid(timeField)}
            {...described(timeField)}
            value={draft.etdInput}
            placeholder="+25, s+25 or 14:35"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => update({ etdInput: e.target.value })}
          />
        </label>
        <div className="edit-preview" data-testid={`edit-${timeField}-preview`}>
          {previewEtd
            ? `→ ${formatLocalTime(previewEtd, zone)} local · ${
                formatDelay(delayMinutes({ std: scheduledOf(base), etd: previewEtd })) || 'on time'
              }`
            : `+25: later than now estimated · s+25: after ${timeField === 'eta' ? 'STA' : 'STD'} · 14:35: local time`}
        </div>
        {etdWarning && (
          <div className="edit-warning" role="status" data-testid={`edit-${timeField}-warning`}>
            {etdWarning}
          </div>
        )}

        {codeField('stand')}
        {codeField('belt')}

        {offered.includes('delayCode') && (
          <label className="edit-row">
            <span className="edit-label">
              Delay code{codeRequired && <em className="required"> required</em>}
            </span>
            <DelayCodeSelect
              ref={inputs.delayCode}
              className={invalid('delayCode') ?? (codeRequired ? 'field-required' : undefined)}
              value={draft.delayCode}
              onChange={(delayCode) => update({ delayCode })}
            />
          </label>
        )}
        {offered.includes('delayCode') && selectedCode && (
          <div className="edit-preview" data-testid="edit-delay-code-meaning">
            {selectedCode.group}: {selectedCode.meaning}
          </div>
        )}

        <label className="edit-row">
          <span className="edit-label">Status</span>
          <select
            ref={inputs.status}
            data-testid="edit-status"
            className={invalid('status')}
            {...described('status')}
            value={draft.status}
            onChange={(e) => update({ status: e.target.value as EditDraft['status'] })}
          >
            <option value={base.status}>{STATUS_LABELS[base.status]} (now)</option>
            {allowedNextStatuses(base.status, flightDirection(base)).map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
            {corrections.map((status) => (
              <option key={`correct-${status}`} value={status}>
                {base.status === 'CANCELLED' ? 'Reinstate' : 'Take back departure'}:{' '}
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>

        <label className="edit-row">
          <span className="edit-label">Remark</span>
          <input
            ref={inputs.remark}
            data-testid="edit-remark"
            className={invalid('remark')}
            {...described('remark')}
            value={draft.remark}
            maxLength={REMARK_MAX_LENGTH}
            autoComplete="off"
            onChange={(e) => update({ remark: e.target.value })}
          />
        </label>
        <div className="edit-preview edit-counter">
          {draft.remark.length}/{REMARK_MAX_LENGTH}
        </div>

        {problem && (
          <div
            className="edit-problem"
            role="alert"
            data-testid="edit-problem"
            id={`edit-problem-${flight.id}`}
          >
            {problem.message}
          </div>
        )}
        <PendingEditNotice flightId={flight.id} />
        {saved && !pending && !refusal && (
          <div className="edit-saved" data-testid="edit-saved">
            {saved}
          </div>
        )}

        <div className="edit-actions">
          <button
            type="submit"
            className="button-primary"
            data-testid="edit-submit"
            disabled={!!pending || !dirty}
          >
            Send <kbd>Enter</kbd>
          </button>
          <button
            type="button"
            className="button-quiet"
            disabled={!dirty}
            onClick={() => resetTo(flight)}
          >
            Revert <kbd>Esc</kbd>
          </button>
        </div>
      </form>
      <FlightHistoryPanel flightId={flight.id} />
      {confirming && (
        <StatusConfirmDialog
          flight={base}
          confirmation={confirming}
          zone={zone}
          onConfirm={(reason) => {
            setConfirming(null);
            void submit(undefined, reason);
          }}
          onCancel={() => {
            setConfirming(null);
            inputs.status.current?.focus();
          }}
        />
      )}
    </aside>
  );
}
