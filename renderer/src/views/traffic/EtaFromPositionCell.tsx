import type { ICellRendererParams } from 'ag-grid-community';
import { etaSuggestion, type Flight } from '../../../../core';
import { localTime } from '../../domain/localClock';
import { usePositionsStore } from '../../stores/positionsStore';

/**
 * The arrivals grid's ETA cell: the ETA, and a mark when the aircraft's position says otherwise by
 * 10 minutes or more (the suggestion itself is applied in the edit panel). The store is read
 * through a selector that yields a string, so a cell redraws when its mark changes, not at every
 * position update.
 */
export function EtaFromPositionCell({
  data,
  valueFormatted,
  zone,
}: ICellRendererParams<Flight> & { zone: string }) {
  const mark = usePositionsStore((s) => {
    if (!data) return null;
    const suggestion = etaSuggestion(data, s.byFlight.get(data.id)?.estimate);
    if (!suggestion) return null;
    const minutes = Math.round(suggestion.minutesOff);
    return `ETA from position ${localTime(suggestion.eta, zone)} (${minutes > 0 ? '+' : '−'}${Math.abs(minutes)})`;
  });
  return (
    <>
      {valueFormatted}
      {mark && (
        <span
          className="eta-position-mark"
          data-testid="eta-position-mark"
          title={mark}
          aria-label={mark}
          role="img"
        >
          ◎
        </span>
      )}
    </>
  );
}
