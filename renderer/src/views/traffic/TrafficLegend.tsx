import { SYMBOL_PATHS } from './aircraftSymbols';

const ENTRIES = [
  { role: 'inbound', label: 'Inbound', className: 'legend-inbound' },
  { role: 'outbound', label: 'Outbound', className: 'legend-outbound' },
  { role: 'other', label: 'Other traffic', className: 'legend-other' },
] as const;

/** The map's key: the same shapes and colours as the canvas draws. */
export function TrafficLegend() {
  return (
    <ul className="traffic-legend" aria-label="Legend">
      {ENTRIES.map((entry) => (
        <li key={entry.role} className={entry.className}>
          <svg width="16" height="18" viewBox="-8 -9 16 18" aria-hidden="true">
            <path d={SYMBOL_PATHS[entry.role]} />
          </svg>
          {entry.label}
        </li>
      ))}
    </ul>
  );
}
