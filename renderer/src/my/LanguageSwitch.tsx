import { useTranslation } from 'react-i18next';
import type { PassengerLocale } from '../../../core/passenger-self-service';
import { setPageLocale } from './i18n';
import { savePreferences } from './passengerSession';
import { usePassengerStore } from './passengerStore';

const LANGUAGES: Array<{ locale: PassengerLocale; label: string }> = [
  { locale: 'en', label: 'English' },
  { locale: 'hi', label: 'हिन्दी' },
];

/** English / हिन्दी. Signed in, the choice is also the language of messages (saved at once). */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const preferences = usePassengerStore((state) => state.preferences);
  const choose = (locale: PassengerLocale) => {
    setPageLocale(locale);
    if (preferences && preferences.locale !== locale) {
      void savePreferences({ channels: preferences.channels, locale }).catch(() => undefined);
    }
  };
  return (
    <div className="my-lang" role="group" aria-label={t('language')}>
      {LANGUAGES.map(({ locale, label }) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={i18n.resolvedLanguage === locale}
          onClick={() => choose(locale)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
