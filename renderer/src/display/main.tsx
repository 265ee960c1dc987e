import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DisplayApp } from './DisplayApp';
import { connectDisplay, tokenFromPath } from './displayFeed';
import './display.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
connectDisplay(tokenFromPath(location.pathname));
// Nothing a passenger does changes the board: no keys, no menu, no dragging.
for (const event of ['keydown', 'contextmenu', 'dragstart', 'wheel'] as const) {
  window.addEventListener(event, (e) => e.preventDefault(), { capture: true, passive: false });
}
// Where the browser allows it (https, or the hub on this machine), the page opens during an
// outage too: a TV that powers on before the hub is back shows its own screen, not an error.
void navigator.serviceWorker
  ?.register('/display/sw.js', { scope: '/display/' })
  .catch(() => undefined);
createRoot(container).render(
  <StrictMode>
    <DisplayApp />
  </StrictMode>,
);
