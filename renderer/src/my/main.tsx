import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { i18n } from './i18n';
import { MyApp } from './MyApp';
import './my.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <MyApp />
    </I18nextProvider>
  </StrictMode>,
);

// Registered at once so the page installs as an app and works as one; pushes need the passenger's
// consent on top (PreferencesPanel). The worker caches nothing.
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/my/sw.js', { scope: '/my/' }).catch(() => undefined);
}
