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
createRoot(container).render(
  <StrictMode>
    <DisplayApp />
  </StrictMode>,
);
