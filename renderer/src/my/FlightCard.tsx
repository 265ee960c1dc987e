import { useTranslation } from 'react-i18next';
import type { FlightStatus } from '../../../core/flight';
import type { PublicFlight } from '../../../core/public-flight';
import { airportZone, localTime, minutesLate, movement } from './flightTimes';

/** Status colours, as on the departure board: the colour carries the meaning. */
const TONES: Record<FlightStatus, string> = {
  SCHEDULED: 'ok',
  BOARDING: 'go',
  FINAL_CALL: 'urgent',
  GATE_CLOSED: 'closed',
  DEPARTED: 'closed',
  CANCELLED: 'bad',
  AIRBORNE: 'go',
  LANDED: 'go',
  ON_BLOCK: 'closed',
  DIVERTED: 'bad',
};

/** One flight, readable at a glance: gate and time large, status in colour, a gate change loud. */
export function FlightCard({ flight }: { flight: PublicFlight }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'en';
  const zone = airportZone(flight);
  const { scheduled, estimated } = movement(flight);
  const late = minutesLate(flight);
  const arrival = flight.direction === 'arrival';
  const cancelled = flight.status === 'CANCELLED';
  const status =
    flight.status === 'SCHEDULED' && late >= 15
      ? t('flight.delayed')
      : t(`status.${flight.status}`);
  const tone = flight.status === 'SCHEDULED' && late >= 15 ? 'late' : TONES[flight.status];
  const city = (name: string | null, code: string) => (name ? `${name} (${code})` : code);

  return (
    <article className={`my-flight my-tone-${tone}`} aria-label={flight.flightNumber}>
      <div className="my-flight-top">
        <div>
          <div className="my-flight-number">{flight.flightNumber}</div>
          {flight.airlineName && <div className="my-airline">{flight.airlineName}</div>}
        </div>
        <div className="my-status" data-status={flight.status}>
          {status}
        </div>
      </div>
      <div className="my-route">
        {city(flight.originCity, flight.origin)} <span aria-hidden="true">→</span>{' '}
        {city(flight.destinationCity, flight.destination)}
      </div>
      {flight.gateChange && !cancelled && (
        <div className="my-gate-change" role="alert">
          <strong>{t('flight.gateChange')}</strong>{' '}
          <span>{t('flight.gateWas', { gate: flight.gateChange.from })}</span>
        </div>
      )}
      <dl className="my-facts">
        <div className="my-fact my-fact-gate">
          <dt>{arrival ? t('flight.belt') : t('flight.gate')}</dt>
          <dd data-testid="gate">
            {(arrival ? flight.belt : flight.gate) ?? t('flight.notAssigned')}
          </dd>
        </div>
        <div className="my-fact my-fact-time">
          <dt>{arrival ? t('flight.arrives') : t('flight.departs')}</dt>
          <dd data-testid="time" className={late >= 15 ? 'my-late' : undefined}>
            {cancelled ? '—' : localTime(estimated, zone, locale)}
          </dd>
        </div>
        {flight.terminal && (
          <div className="my-fact">
            <dt>{t('flight.terminal')}</dt>
            <dd>{flight.terminal}</dd>
          </div>
        )}
      </dl>
      {(late !== 0 || flight.remark || flight.codeshares.length > 0) && (
        <div className="my-details">
          {late !== 0 && !cancelled && (
            <span>{t('flight.scheduled', { time: localTime(scheduled, zone, locale) })}</span>
          )}
          {flight.remark && <span className="my-remark">{flight.remark}</span>}
          {flight.codeshares.length > 0 && (
            <span>{t('flight.codeshares', { numbers: flight.codeshares.join(', ') })}</span>
          )}
        </div>
      )}
    </article>
  );
}
