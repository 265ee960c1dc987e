import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, type IpcChannel } from '../ipc-channels';
import type { AppInfo, WorkstationSettings } from '../preload/bridge-types';
import type { RememberedSession } from './remembered-session';

/** What the IPC handlers need from the rest of main. */
export interface IpcHandlerDeps {
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  settings: {
    get(): WorkstationSettings;
    /** Validates the (unknown) patch itself and throws naming the bad field. */
    set(patch: unknown): WorkstationSettings;
  };
  appInfo(): AppInfo;
  rememberedSession: RememberedSession;
  log?(message: string): void;
}

export class UntrustedSenderError extends Error {
  constructor(channel: IpcChannel) {
    super(`IPC ${channel} refused: the caller is not the Jetbridge console`);
    this.name = 'UntrustedSenderError';
  }
}

/**
 * Registers the bridge's handlers, one per named channel, and nothing else. Calls from any frame
 * but the console's own document are refused before a handler runs.
 */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, deps: IpcHandlerDeps): void {
  const log = deps.log ?? console.warn;
  const handle = <Args extends unknown[], Result>(
    channel: IpcChannel,
    handler: (...args: Args) => Result,
  ): void => {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!deps.isTrustedSender(event)) {
        log(`Dropped IPC ${channel} from ${senderUrl(event)}`);
        throw new UntrustedSenderError(channel);
      }
      return handler(...(args as Args));
    });
  };

  handle(IPC_CHANNELS.settingsGet, () => deps.settings.get());
  handle(IPC_CHANNELS.settingsSet, (patch: unknown) => deps.settings.set(patch));
  handle(IPC_CHANNELS.appInfo, () => deps.appInfo());
  handle(IPC_CHANNELS.sessionAvailable, () => deps.rememberedSession.available());
  handle(IPC_CHANNELS.sessionRemember, (token: unknown) => deps.rememberedSession.remember(token));
  handle(IPC_CHANNELS.sessionRecall, () => deps.rememberedSession.recall());
  handle(IPC_CHANNELS.sessionForget, () => deps.rememberedSession.forget());
}

function senderUrl(event: IpcMainInvokeEvent): string {
  try {
    return event.senderFrame?.url ?? 'a destroyed frame';
  } catch {
    return 'a destroyed frame';
  }
}
