import { create } from 'zustand';

/** `connecting`: first connection of this session; `offline`: the hub has been gone a while. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** When the console last knew it held the hub's latest state (ms). */
  lastSyncAt: number | null;
  /** When the connection was lost (ms), null while connected. */
  disconnectedAt: number | null;
  /** Last connection problem, in words. */
  problem: string | null;
}

const initialState: ConnectionState = {
  status: 'idle',
  lastSyncAt: null,
  disconnectedAt: null,
  problem: null,
};

export const useConnectionStore = create<ConnectionState>()(() => initialState);

export function resetConnectionStore(): void {
  useConnectionStore.setState(initialState, true);
}
