/**
 * The fixed IPC channel names behind the preload bridge. Main registers a handler for exactly
 * these and the preload invokes exactly these; nothing else crosses the boundary.
 */
export const IPC_CHANNELS = {
  settingsGet: 'jetbridge:settings:get',
  settingsSet: 'jetbridge:settings:set',
  appInfo: 'jetbridge:app:info',
  sessionAvailable: 'jetbridge:session:available',
  sessionRemember: 'jetbridge:session:remember',
  sessionRecall: 'jetbridge:session:recall',
  sessionForget: 'jetbridge:session:forget',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];
