import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FlightCard } from './FlightCard';
import { LanguageSwitch } from './LanguageSwitch';
import { LookupForm } from './LookupForm';
import { resume, signOut } from './passengerSession';
import { usePassengerStore } from './passengerStore';
import { PreferencesPanel } from './PreferencesPanel';
import { LiveBadge } from './LiveBadge';

/** The passengers' page: look a booking up, then its flights live and how to be told. */
export function MyApp() {
  const { t } = useTranslation();
  const session = usePassengerStore((state) => state.session);
  const flights = usePassengerStore((state) => state.flights);
  const [resuming, setResuming] = useState(true);

  useEffect(() => {
    void resume().finally(() => setResuming(false));
  }, []);

  return (
    <div className="my">
      <header className="my-head">
        <div className="my-brand">
          <img src="/my/icon.svg" alt="" width={32} height={32} />
          <span>{t('title')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main className="my-main">
        {session ? (
          <>
            <div className="my-greeting">
              <span className="my-name">{session.name}</span>
              <LiveBadge />
            </div>
            {flights.length === 0 && <p className="my-note">{t('noFlights')}</p>}
            {flights.map((flight) => (
              <FlightCard key={flight.id} flight={flight} />
            ))}
            <PreferencesPanel />
            <button type="button" className="my-link-button" onClick={signOut}>
              {t('signOut')}
            </button>
          </>
        ) : resuming ? null : (
          <LookupForm />
        )}
      </main>
      <footer className="my-foot">{t('footer')}</footer>
    </div>
  );
}
