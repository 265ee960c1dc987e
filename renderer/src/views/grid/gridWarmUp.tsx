import { createRoot } from 'react-dom/client';
import { AgGridReact } from 'ag-grid-react';
import type { Flight, FlightStatus } from '../../../../core';
import { inNextTask } from '../../scheduling/mainThread';
import { flightGridOptions } from './FlightGrid';
import { departuresGridColumns } from './departuresGridColumns';
import type { FlightRow } from './flightRow';

const WARM_UP_ROWS = 40;
const STATUSES: FlightStatus[] = ['SCHEDULED', 'BOARDING', 'FINAL_CALL', 'GATE_CLOSED'];

/** Made-up departures, varied enough to take every path of the grid's cells. */
function warmUpRows(now: number): FlightRow[] {
  return Array.from({ length: WARM_UP_ROWS }, (_, index) => {
    const std = now + index * 300_000;
    const etd = std + (index % 3) * 600_000;
    const flight: Flight = {
      id: `warm-up-${index}`,
      flightNumber: `XX ${100 + index}`,
      airline: 'XX',
      origin: 'AAA',
      destination: 'BBB',
      std: new Date(std).toISOString(),
      etd: new Date(etd).toISOString(),
      gate: String(index),
      status: STATUSES[index % STATUSES.length]!,
      delayCode: etd > std ? '93' : null,
      remark: index % 2 ? 'Warm-up' : null,
      version: 1,
      updatedAt: new Date(now).toISOString(),
      updatedBy: index % 2 ? 'nobody' : null,
    };
    return {
      ...flight,
      pending: index % 5 === 0,
      refusal: index % 7 === 0 ? 'Refused' : null,
      scheduledTime: std,
      estimatedTime: etd,
    };
  });
}

/**
 * Runs the departures grid once, off screen and hidden, with made-up rows, while the login
 * screen is idle. The first render of AG Grid's React cells is the costliest step of signing in
 * (its code is compiled on first use, its theme injected); done here, the real grid's first
 * render at sign-in costs a fraction. Resolves once the grid is gone again.
 */
export function warmUpDeparturesGrid(): Promise<void> {
  return new Promise((resolve) => {
    const host = document.createElement('div');
    host.setAttribute('aria-hidden', 'true');
    host.style.cssText =
      'position:fixed;left:-10000px;top:0;width:1600px;height:900px;visibility:hidden;pointer-events:none';
    document.body.append(host);
    const root = createRoot(host);
    const finish = () =>
      inNextTask(() => {
        root.unmount();
        host.remove();
        resolve();
      });
    root.render(
      <AgGridReact<FlightRow>
        {...flightGridOptions}
        columnDefs={departuresGridColumns('UTC')}
        rowData={warmUpRows(Date.now())}
        onFirstDataRendered={finish}
      />,
    );
  });
}
