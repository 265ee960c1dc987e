import { DISPLAY_KINDS, type DisplayKind } from '../../../core';

/**
 * What the console's own board shows on this workstation (a TV at a gate desk may be an arrivals
 * board): kept in browser storage, like the grid's filters; never a token.
 */
const STORAGE_KEY = 'jetbridge.board';

/** The board's kind: `?board=arrivals` in the address (a signed-in TV has no settings bar), else stored. */
export function loadBoardKind(): DisplayKind {
  const asked = new URLSearchParams(location.search).get('board');
  const fromAddress = DISPLAY_KINDS.find((known) => known === asked);
  if (fromAddress) {
    saveBoardKind(fromAddress);
    return fromAddress;
  }
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    const kind = (raw as { kind?: unknown } | null)?.kind;
    return DISPLAY_KINDS.find((known) => known === kind) ?? 'departures';
  } catch {
    return 'departures';
  }
}

export function saveBoardKind(kind: DisplayKind): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ kind }));
  } catch {
    // Storage full or disabled: a setting, not state.
  }
}
