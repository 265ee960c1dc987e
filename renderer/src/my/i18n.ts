import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { PASSENGER_LOCALES, type PassengerLocale } from '../../../core/passenger-self-service';
import en from './locales/en.json';
import hi from './locales/hi.json';

/** The page's language before the passenger chose one: the browser's, if we speak it. */
export function browserLocale(): PassengerLocale {
  const preferred = navigator.languages?.map((tag) => tag.split('-')[0]) ?? [];
  return (preferred.find((code) => (PASSENGER_LOCALES as readonly string[]).includes(code ?? '')) ??
    'en') as PassengerLocale;
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, hi: { translation: hi } },
  lng: browserLocale(),
  fallbackLng: 'en',
  supportedLngs: [...PASSENGER_LOCALES],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

export function setPageLocale(locale: PassengerLocale): void {
  void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}
