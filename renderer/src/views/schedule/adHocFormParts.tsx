import type { DateTime } from 'luxon';
import type { ReactNode } from 'react';
import type { Flight } from '../../../../core';
import {
  dayOffset,
  planAdHocFlight,
  type AdHocField,
  type AdHocFieldErrors,
  type AdHocFlightDraft,
} from '../../domain/adHocFlightForm';
import type { AirportLookup } from '../../domain/referenceAirports';

/* The ad hoc flight form's parts: a labelled field with its error, the other airport, the preview, and what it says once the flight is added. */

export function Field({
  label,
  error,
  children,
}: {
  label: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'adhoc-field adhoc-field-invalid' : 'adhoc-field'}>
      <span className="adhoc-label">{label}</span>
      {children}
      {error && (
        <span className="adhoc-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** One typed field of the draft: its input under its label, with the field's error. */
export function TextField({
  field,
  label,
  example,
  draft,
  errors,
  set,
  upperCase = false,
  maxLength,
  autoFocus = false,
}: {
  field: AdHocField;
  label: string;
  /** Shown as "e.g. …" in the empty input, so an example never looks like a value typed. */
  example: string;
  draft: AdHocFlightDraft;
  errors: AdHocFieldErrors;
  set: (field: AdHocField, value: string) => void;
  /** Codes (airline, type, gate…) are upper case; typing them in lower case is no mistake. */
  upperCase?: boolean;
  maxLength?: number;
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} error={errors[field]}>
      <input
        data-testid={`adhoc-${field}`}
        value={draft[field]}
        placeholder={`e.g. ${example}`}
        maxLength={maxLength}
        autoFocus={autoFocus}
        onChange={(event) =>
          set(field, upperCase ? event.target.value.toUpperCase() : event.target.value)
        }
      />
    </Field>
  );
}

export function AirportInput({
  draft,
  set,
  name,
}: {
  draft: AdHocFlightDraft;
  set: (field: AdHocField, value: string) => void;
  name: string | undefined;
}) {
  return (
    <span className="adhoc-airport">
      <input
        data-testid="adhoc-otherAirport"
        value={draft.otherAirport}
        maxLength={3}
        placeholder="e.g. BOM"
        onChange={(event) => set('otherAirport', event.target.value.toUpperCase())}
      />
      {name && <span className="adhoc-airport-name">{name}</span>}
    </span>
  );
}

/** "Departs 29 Nov 23:30 DEL, arrives 01:45+1 DXB (3 h 45 min)", once the form can say it. */
export function previewTimes(
  draft: AdHocFlightDraft,
  home: { iata: string; timeZone: string },
  airports: AirportLookup | null,
): string | null {
  if (!airports) return null;
  const plan = planAdHocFlight(draft, home, airports, '00000000-0000-4000-8000-000000000000');
  if (!plan.ok) return null;
  const [from, to] = [plan.payload.origin, plan.payload.destination];
  const block = plan.sta.diff(plan.std, ['hours', 'minutes']);
  const at = (time: DateTime) => `${time.toFormat('d LLL HH:mm')}${dayOffset(time, draft.date)}`;
  return `Departs ${at(plan.std)} ${from}, arrives ${at(plan.sta)} ${to} (${Math.floor(block.hours)} h ${Math.round(block.minutes)} min), both local.`;
}

/** The flight is added: what next (another, the edit panel — where it is cancelled too —, done). */
export function AdHocFlightAdded({
  flight,
  date,
  problem,
  onAddAnother,
  onOpen,
  onClose,
}: {
  flight: Flight;
  date: string;
  /** The hub refused what followed the creation (gate, stand, ...). */
  problem: string | null;
  onAddAnother: () => void;
  onOpen: () => void;
  onClose: () => void;
}) {
  return (
    <>
      <div className="sched-body">
        <p className="sched-headline sched-done" data-testid="adhoc-created">
          {flight.flightNumber} {flight.origin}→{flight.destination} on {date} is added
          {flight.direction === 'arrival' ? ' to the arrivals' : ' to the departures'}.
        </p>
        {problem && (
          <p className="sched-problem" role="alert" data-testid="adhoc-followup-problem">
            The flight exists, but the hub refused the rest: {problem}. Set it in the edit panel.
          </p>
        )}
        <p className="sched-sub">
          To cancel it later, open it in the edit panel and set its status to Cancelled.
        </p>
      </div>
      <footer className="sched-actions">
        <button type="button" className="button-quiet" onClick={onAddAnother}>
          Add another
        </button>
        {flight.direction !== 'arrival' && (
          <button type="button" className="button-quiet" onClick={onOpen}>
            Open in the edit panel
          </button>
        )}
        <button type="button" className="button-primary" onClick={onClose}>
          Done
        </button>
      </footer>
    </>
  );
}
