import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from '../ipc-channels';
import type { AppInfo, JetbridgeBridge, WorkstationSettings } from './bridge-types';

// The console's only door to main: named functions on fixed channels. No generic invoke and no
// ipcRenderer object reach the page.
const bridge = {
  settings: {
    get: () => ipcRenderer.invoke(IPC_CHANNELS.settingsGet) as Promise<WorkstationSettings>,
    set: (patch) =>
      ipcRenderer.invoke(IPC_CHANNELS.settingsSet, patch) as Promise<WorkstationSettings>,
  },
  app: {
    info: () => ipcRenderer.invoke(IPC_CHANNELS.appInfo) as Promise<AppInfo>,
  },
  session: {
    available: () => ipcRenderer.invoke(IPC_CHANNELS.sessionAvailable) as Promise<boolean>,
    remember: (token) => ipcRenderer.invoke(IPC_CHANNELS.sessionRemember, token) as Promise<void>,
    recall: () => ipcRenderer.invoke(IPC_CHANNELS.sessionRecall) as Promise<string | null>,
    forget: () => ipcRenderer.invoke(IPC_CHANNELS.sessionForget) as Promise<void>,
  },
} satisfies JetbridgeBridge;

contextBridge.exposeInMainWorld('jetbridge', bridge);
