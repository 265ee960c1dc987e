import { useState } from 'react';
import { localToday } from '../../../../core';
import { useNow } from '../../hooks/useNow';
import { airportTimeZone, useSessionStore } from '../../stores/sessionStore';
import { exportGridCsv } from '../grid/gridHandle';
import { DelayGroupChart } from './DelayGroupChart';
import { downloadTextFile, kpiReportCsv, onTimeRate } from './kpiReport';
import { useDayKpis } from './useDayKpis';
import '../../styles/kpis.css';

/**
 * The supervisor's picture of the day (contract section 11's KPIs): D15 and A15, average
 * delay, delayed and cancelled counts, and delay minutes by delay-code group, live as changes
 * arrive; any day the hub still keeps, and the day's grid and KPI report as CSV.
 */
export function KpiStrip() {
  const zone = useSessionStore((s) => s.airport?.timeZone) ?? airportTimeZone();
  const airport = useSessionStore((s) => s.airport?.iata) ?? '';
  const today = localToday(zone, useNow(60_000));
  const [chosen, setChosen] = useState<string | null>(null);
  const date = chosen ?? today;
  const { kpis, archiveError } = useDayKpis(date, zone);
  const { departures, arrivals } = kpis;
  const d15 = onTimeRate(departures.onTime, departures.departed);
  const a15 = onTimeRate(arrivals.onTime, arrivals.arrived);
  const stamp = `${airport || 'airport'}-${date}`;

  return (
    <section className="kpi-strip" data-testid="kpi-strip" aria-label="The day's KPIs">
      <div className="kpi-day">
        <label className="kpi-day-label">
          <span>KPIs</span>
          <input
            type="date"
            data-testid="kpi-date"
            value={date}
            max={today}
            onChange={(e) =>
              setChosen(e.target.value && e.target.value !== today ? e.target.value : null)
            }
          />
        </label>
        {chosen ? (
          <button type="button" className="button-quiet" onClick={() => setChosen(null)}>
            Today
          </button>
        ) : (
          <span className="kpi-live" title="Follows every change as it arrives">
            live
          </span>
        )}
        {archiveError && (
          <span className="kpi-warning" data-testid="kpi-archive-error" title={archiveError}>
            live flights only: {archiveError}
          </span>
        )}
        <div className="kpi-exports">
          <button
            type="button"
            className="button-quiet"
            data-testid="export-grid-csv"
            title="The departures grid as shown (filters, sort), as CSV"
            onClick={() => exportGridCsv(`departures-${stamp}.csv`)}
          >
            Grid CSV
          </button>
          <button
            type="button"
            className="button-quiet"
            data-testid="export-kpi-csv"
            onClick={() => downloadTextFile(`kpis-${stamp}.csv`, kpiReportCsv(date, airport, kpis))}
          >
            KPI report
          </button>
        </div>
      </div>
      <dl className="kpi-tiles">
        <Tile
          id="kpi-d15"
          label="D15"
          value={d15 === null ? '—' : `${d15}%`}
          detail={`${departures.onTime} of ${departures.departed} departed`}
          tone={tone(d15)}
        />
        <Tile
          id="kpi-a15"
          label="A15"
          value={a15 === null ? '—' : `${a15}%`}
          detail={`${arrivals.onTime} of ${arrivals.arrived} on block`}
          tone={tone(a15)}
        />
        <Tile
          id="kpi-average-delay"
          label="Avg delay"
          value={departures.averageDelayMinutes.toFixed(1)}
          detail={`minutes · ${departures.total - departures.cancelled} departures`}
        />
        <Tile
          id="kpi-delayed"
          label="Delayed 15+ min"
          value={String(departures.delayed15)}
          detail={`+ ${arrivals.delayed15} arrivals`}
          tone={departures.delayed15 > 0 ? 'late' : undefined}
        />
        <Tile
          id="kpi-cancelled"
          label="Cancelled"
          value={String(departures.cancelled)}
          detail={`+ ${arrivals.cancelled} arr. · ${arrivals.diverted} diverted`}
          tone={departures.cancelled > 0 ? 'bad' : undefined}
        />
      </dl>
      <DelayGroupChart delayMinutesByCode={kpis.delayMinutesByCode} />
    </section>
  );
}

function Tile(props: { id: string; label: string; value: string; detail: string; tone?: string }) {
  return (
    <div className={`kpi-tile${props.tone ? ` kpi-${props.tone}` : ''}`} data-testid={props.id}>
      <dt>{props.label}</dt>
      <dd>
        <span className="kpi-value" data-testid={`${props.id}-value`}>
          {props.value}
        </span>
        <small>{props.detail}</small>
      </dd>
    </div>
  );
}

/** The usual on-time targets: 80% and above is good, under 60% is bad. */
function tone(rate: number | null): string | undefined {
  if (rate === null) return undefined;
  return rate >= 80 ? 'good' : rate >= 60 ? 'late' : 'bad';
}
