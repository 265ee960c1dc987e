import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadEnvironment, loadSettings } from './settings/workstationSettings';
import { resetSessionStore } from './stores/sessionStore';
import './styles/console.css';

async function boot(): Promise<void> {
  const settings = await loadSettings();
  const environment = await loadEnvironment(settings);
  resetSessionStore({ workstationId: environment.workstationId });
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root');
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
