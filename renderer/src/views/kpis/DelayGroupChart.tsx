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
 * Delay minutes by IATA delay-code group (AHM 730), one horizontal bar per group in list order,
 * zeros included so the bars stay where the eye expects them as the day goes on.
 */
export function DelayGroupChart({
  delayMinutesByCode,
}: {
  delayMinutesByCode: Readonly<Record<string, number>>;
}) {
  const options = useMemo<AgCartesianChartOptions<GroupMinutes>>(() => {
    const data = Object.entries(delayMinutesByGroup(delayMinutesByCode)).map(
      ([group, minutes]) => ({ group, minutes }),
    );
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
      padding: { top: 2, right: 8, bottom: 2, left: 2 },
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
  return (
    <div
      className="kpi-chart"
      data-testid="kpi-delay-chart"
      role="img"
      aria-label={`Delay minutes by delay-code group: ${describe(delayMinutesByCode)}`}
    >
      <AgCharts options={options} modules={CHART_MODULES} style={{ height: '100%' }} />
    </div>
  );
}

/** What the chart shows, in words, for screen readers and tests. */
function describe(delayMinutesByCode: Readonly<Record<string, number>>): string {
  const groups = Object.entries(delayMinutesByGroup(delayMinutesByCode)).filter(([, m]) => m > 0);
  return groups.length ? groups.map(([group, m]) => `${group} ${m}`).join(', ') : 'none';
}
