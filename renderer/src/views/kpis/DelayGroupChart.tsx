import { useMemo } from 'react';
import { AgCharts } from 'ag-charts-react';
import {
  BarSeriesModule,
  CategoryAxisModule,
  NumberAxisModule,
  type AgCartesianChartOptions,
} from 'ag-charts-community';
import { delayMinutesByGroup } from '../../../../core';

/** Only what this chart draws: the rest of AG Charts is neither downloaded nor started. */
const CHART_MODULES = [BarSeriesModule, CategoryAxisModule, NumberAxisModule];

interface GroupMinutes {
  group: string;
  minutes: number;
}

/**
 * Delay minutes by IATA delay-code group (AHM 730), one horizontal bar per group that has any,
 * in list order (so a group keeps its place as the day goes on).
 */
export function DelayGroupChart({
  delayMinutesByCode,
}: {
  delayMinutesByCode: Readonly<Record<string, number>>;
}) {
  const options = useMemo<AgCartesianChartOptions<GroupMinutes>>(() => {
    const data = withMinutes(delayMinutesByCode).map(([group, minutes]) => ({ group, minutes }));
    return {
      theme: {
        baseTheme: 'ag-default-dark',
        params: {
          backgroundColor: 'transparent',
          fontFamily: 'Inter, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif',
          fontSize: 10,
          foregroundColor: '#8c98a5',
        },
        palette: { fills: ['#f08a4b'], strokes: ['#f08a4b'] },
      },
      animation: { enabled: false },
      // AG Charts' default minimum is 300 × 300: the strip is shorter.
      minHeight: 60,
      minWidth: 200,
      padding: { top: 2, right: 36, bottom: 2, left: 2 },
      data,
      series: [
        {
          type: 'bar',
          direction: 'horizontal',
          xKey: 'group',
          yKey: 'minutes',
          yName: 'Delay minutes',
          label: {
            enabled: true,
            placement: 'outside-end',
            formatter: ({ value }) => (value ? String(value) : ''),
          },
        },
      ],
      axes: {
        x: { type: 'category', position: 'left', label: { fontSize: 10 } },
        y: { type: 'number', position: 'bottom', label: { fontSize: 9 }, nice: true },
      },
    };
  }, [delayMinutesByCode]);
  const groups = withMinutes(delayMinutesByCode);
  const described = groups.map(([group, minutes]) => `${group} ${minutes}`).join(', ');
  return (
    <figure className="kpi-chart" data-testid="kpi-delay-chart" data-groups={described}>
      <figcaption>Delay minutes by code group</figcaption>
      {groups.length > 0 ? (
        <div className="kpi-chart-body" role="img" aria-label={described}>
          <AgCharts options={options} modules={CHART_MODULES} style={{ height: '100%' }} />
        </div>
      ) : (
        <p className="kpi-chart-empty">No delay minutes yet</p>
      )}
    </figure>
  );
}

function withMinutes(delayMinutesByCode: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(delayMinutesByGroup(delayMinutesByCode)).filter(([, m]) => m > 0);
}
