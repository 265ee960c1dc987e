import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatLocalTime, type StaffPassengerSearch } from '../../../../core';
import { airportTimeZone, useSessionStore } from '../../stores/sessionStore';
import { searchPassenger } from '../../sync/passengerSearch';
import '../../styles/passenger-search.css';

type Result = { kind: 'found'; search: StaffPassengerSearch } | { kind: 'none'; pnr: string };

/**
 * Staff PNR search in the header: a booking's passengers (contact details masked, their own
 * channel choices), its flights here and every notification sent to it.
 */
export function PassengerSearch() {
  const { hubUrl, token } = useSessionStore(
    useShallow((s) => ({ hubUrl: s.hubUrl, token: s.token })),
  );
  const [pnr, setPnr] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!result && !problem) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [result, problem]);

  const close = () => {
    setResult(null);
    setProblem(null);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const reference = pnr.trim().toUpperCase();
    if (!hubUrl || !token) return;
    if (!/^[A-Z0-9]{6}$/.test(reference)) return setProblem('A PNR is 6 letters or digits.');
    try {
      const search = await searchPassenger(hubUrl, token, reference);
      setProblem(null);
      setResult(search ? { kind: 'found', search } : { kind: 'none', pnr: reference });
    } catch (error) {
      setResult(null);
      setProblem(`Search failed: ${(error as Error).message}`);
    }
  };

  return (
    <div className="pax-search">
      <form onSubmit={(event) => void submit(event)} role="search">
        <input
          data-testid="pax-search-input"
          aria-label="Find a passenger by PNR"
          placeholder="PNR"
          value={pnr}
          maxLength={6}
          spellCheck={false}
          onChange={(event) => setPnr(event.target.value.toUpperCase())}
        />
      </form>
      {(result || problem) && (
        <div
          className="pax-panel"
          data-testid="pax-search-result"
          role="dialog"
          aria-label="Passenger"
        >
          <button type="button" className="pax-close" onClick={close} aria-label="Close">
            ×
          </button>
          {problem && <p className="pax-problem">{problem}</p>}
          {result?.kind === 'none' && (
            <p className="pax-problem">No booking {result.pnr} on a flight you may see.</p>
          )}
          {result?.kind === 'found' && <SearchResult search={result.search} />}
        </div>
      )}
    </div>
  );
}

function SearchResult({ search }: { search: StaffPassengerSearch }) {
  const zone = airportTimeZone();
  const flights = new Map(search.flights.map((flight) => [flight.id, flight]));
  const channels = (c: StaffPassengerSearch['passengers'][number]['channels']) =>
    (['sms', 'email', 'push'] as const).filter((name) => c[name]).join(', ') || 'none';
  return (
    <>
      <h3>Booking {search.pnr}</h3>
      <ul className="pax-people">
        {search.passengers.map((person) => (
          <li key={person.name}>
            <strong>{person.name}</strong> · {person.phone ?? 'no phone'} ·{' '}
            {person.email ?? 'no e-mail'} · {person.locale ?? 'en'} · wants{' '}
            {channels(person.channels)}
            {person.pushDevices > 0 ? ` · ${person.pushDevices} push device(s)` : ''}
          </li>
        ))}
      </ul>
      <table className="pax-table">
        <tbody>
          {search.flights.map((flight) => (
            <tr key={flight.id} data-testid="pax-flight">
              <td>{flight.flightNumber}</td>
              <td>{flight.destination}</td>
              <td>{formatLocalTime(flight.etd, flight.originTimeZone ?? zone)}</td>
              <td>gate {flight.gate ?? '—'}</td>
              <td>{flight.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Notifications</h4>
      {search.notifications.length === 0 ? (
        <p className="pax-empty">None sent to this booking yet.</p>
      ) : (
        <table className="pax-table">
          <tbody>
            {search.notifications.map((n) => (
              <tr key={n.id} data-testid="pax-notification">
                <td>{formatLocalTime(n.createdAt, zone)}</td>
                <td>{flights.get(n.flightId)?.flightNumber ?? n.flightId}</td>
                <td>{n.channel}</td>
                <td>{n.kind}</td>
                <td className={`pax-status pax-${n.status}`}>{n.status}</td>
                <td>{n.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
