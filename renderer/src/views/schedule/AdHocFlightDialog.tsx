import { useEffect, useState, type FormEvent } from 'react';
import { localToday, type Direction, type Flight } from '../../../../core';
import {
  planAdHocFlight,
  refusalField,
  type AdHocField,
  type AdHocFieldErrors,
  type AdHocFlightDraft,
} from '../../domain/adHocFlightForm';
import { loadAirportLookup, type AirportLookup } from '../../domain/referenceAirports';
import { useSessionStore } from '../../stores/sessionStore';
import { requestEdit, useUiStore } from '../../stores/uiStore';
import { newUuid } from '../../settings/workstationSettings';
import { completeCreatedFlight, createFlight } from '../../sync/flightCreation';
import { AdHocFlightAdded, AirportInput, Field, previewTimes, TextField } from './adHocFormParts';
import { ScheduleDialogFrame } from './ScheduleDialogFrame';

type Outcome = { flight: Flight; problem: string | null };

const emptyDraft = (date: string): AdHocFlightDraft => ({
  airline: '',
  flightNumber: '',
  direction: 'departure',
  date,
  otherAirport: '',
  std: '',
  sta: '',
  aircraftType: '',
  terminal: '',
  gate: '',
  stand: '',
});

/**
 * A supervisor adds a flight that is not in the schedule (a charter, a recovery flight) with
 * `flight:create`. Times are typed as local times at each end; the form checks what the hub
 * checks, and the hub's refusals are shown under the field they are about.
 */
export function AdHocFlightDialog({ onClose }: { onClose: () => void }) {
  const airport = useSessionStore((s) => s.airport);
  const [draft, setDraft] = useState(() => emptyDraft(localToday(airport?.timeZone ?? 'UTC')));
  const [errors, setErrors] = useState<AdHocFieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [airports, setAirports] = useState<AirportLookup | null>(null);
  // One opId per flight being added: sending the same form again is a safe retry.
  const [opId, setOpId] = useState(newUuid);

  useEffect(() => {
    let live = true;
    void loadAirportLookup().then((lookup) => live && setAirports(() => lookup));
    return () => {
      live = false;
    };
  }, []);

  if (!airport) {
    return (
      <ScheduleDialogFrame title="Add flight" subtitle="" testId="adhoc-dialog" onClose={onClose}>
        <p className="sched-problem sched-body">
          The hub did not say which airport it serves, so a flight cannot be added from here.
        </p>
      </ScheduleDialogFrame>
    );
  }
  const home = { iata: airport.iata, timeZone: airport.timeZone };
  const departure = draft.direction === 'departure';
  const other = airports?.(draft.otherAirport);

  const set = (field: AdHocField, value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const lookup = airports ?? (await loadAirportLookup());
    const plan = planAdHocFlight(draft, home, lookup, opId);
    if (!plan.ok) return setErrors(plan.errors);
    setSending(true);
    setProblem(null);
    try {
      const created = await createFlight(plan.payload);
      if (!created.ok) {
        const { field, message } = refusalField(created.error, draft.direction);
        if (field) setErrors({ [field]: message });
        else setProblem(message);
        return;
      }
      let followUpProblem: string | null = null;
      if (Object.keys(plan.followUp).length > 0) {
        const completed = await completeCreatedFlight(created.flight, plan.followUp);
        if (!completed.ok) followUpProblem = completed.error.message;
      }
      setOutcome({ flight: created.flight, problem: followUpProblem });
    } catch (error) {
      setProblem(`Not sent: ${(error as Error).message}. Try again.`);
    } finally {
      setSending(false);
    }
  };

  const addAnother = () => {
    setDraft(emptyDraft(draft.date));
    setOpId(newUuid());
    setOutcome(null);
    setErrors({});
  };
  const openInEditPanel = (flightId: string) => {
    useUiStore.setState({ view: 'grid', timeWindow: 'all', quickFilter: '' });
    requestEdit(flightId, 'status');
    onClose();
  };

  const subtitle = `A charter, a recovery flight or an extra section at ${airport.iata}. Times are local at each airport.`;
  if (outcome) {
    return (
      <ScheduleDialogFrame
        title="Add flight"
        subtitle={subtitle}
        testId="adhoc-dialog"
        onClose={onClose}
      >
        <AdHocFlightAdded
          flight={outcome.flight}
          date={draft.date}
          problem={outcome.problem}
          onAddAnother={addAnother}
          onOpen={() => openInEditPanel(outcome.flight.id)}
          onClose={onClose}
        />
      </ScheduleDialogFrame>
    );
  }

  const preview = previewTimes(draft, home, airports);
  return (
    <ScheduleDialogFrame
      title="Add flight"
      subtitle={subtitle}
      testId="adhoc-dialog"
      onClose={onClose}
    >
      <form className="adhoc-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="sched-body">
          <div className="adhoc-grid">
            <TextField
              field="airline"
              label="Airline"
              maxLength={2}
              example="6E"
              autoFocus
              upperCase
              draft={draft}
              errors={errors}
              set={set}
            />
            <TextField
              field="flightNumber"
              label="Number"
              maxLength={5}
              example="2134"
              upperCase
              draft={draft}
              errors={errors}
              set={set}
            />
            <Field label="Direction" error={errors.direction}>
              <div className="segmented adhoc-direction" role="group" aria-label="Direction">
                {(['departure', 'arrival'] as Direction[]).map((direction) => (
                  <button
                    key={direction}
                    type="button"
                    data-testid={`adhoc-direction-${direction}`}
                    aria-pressed={draft.direction === direction}
                    onClick={() => set('direction', direction)}
                  >
                    {direction === 'departure' ? 'Departure' : 'Arrival'}
                  </button>
                ))}
              </div>
            </Field>
            <Field label={departure ? 'Date (STD here)' : 'Date (STA here)'} error={errors.date}>
              <input
                type="date"
                data-testid="adhoc-date"
                value={draft.date}
                onChange={(event) => set('date', event.target.value)}
              />
            </Field>
            <Field label="From" error={departure ? undefined : errors.otherAirport}>
              {departure ? (
                <span className="adhoc-fixed">{airport.iata}</span>
              ) : (
                <AirportInput draft={draft} set={set} name={other?.name} />
              )}
            </Field>
            <Field label="To" error={departure ? errors.otherAirport : undefined}>
              {departure ? (
                <AirportInput draft={draft} set={set} name={other?.name} />
              ) : (
                <span className="adhoc-fixed">{airport.iata}</span>
              )}
            </Field>
            <TextField
              field="std"
              label={`STD (local ${departure ? airport.iata : draft.otherAirport || 'origin'})`}
              example="14:35"
              draft={draft}
              errors={errors}
              set={set}
            />
            <TextField
              field="sta"
              label={`STA (local ${departure ? draft.otherAirport || 'destination' : airport.iata})`}
              example="16:50"
              draft={draft}
              errors={errors}
              set={set}
            />
            <TextField
              field="aircraftType"
              label="Aircraft type"
              example="320"
              upperCase
              draft={draft}
              errors={errors}
              set={set}
            />
            <TextField
              field="terminal"
              label="Terminal"
              example="T3"
              upperCase
              draft={draft}
              errors={errors}
              set={set}
            />
            <TextField
              field="gate"
              label="Gate"
              example="42B"
              upperCase
              draft={draft}
              errors={errors}
              set={set}
            />
            <TextField
              field="stand"
              label="Stand"
              example="R14"
              upperCase
              draft={draft}
              errors={errors}
              set={set}
            />
          </div>
          {preview && (
            <p className="sched-sub" data-testid="adhoc-preview">
              {preview}
            </p>
          )}
          {problem && (
            <p className="sched-problem" role="alert" data-testid="adhoc-problem">
              {problem}
            </p>
          )}
        </div>
        <footer className="sched-actions">
          <button type="button" className="button-quiet" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button-primary"
            data-testid="adhoc-submit"
            disabled={sending}
          >
            {sending ? 'Adding…' : 'Add flight'}
          </button>
        </footer>
      </form>
    </ScheduleDialogFrame>
  );
}
