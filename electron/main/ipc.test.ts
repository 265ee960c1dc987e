import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../ipc-channels';
import type { AppInfo, WorkstationSettings } from '../preload/bridge-types';
import { registerIpcHandlers, UntrustedSenderError } from './ipc';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

const trusted = { senderFrame: { url: 'file:///app/index.html' } } as unknown as IpcMainInvokeEvent;
const untrusted = {
  senderFrame: { url: 'https://evil.example/' },
} as unknown as IpcMainInvokeEvent;

const settingsValue: WorkstationSettings = { hubUrl: null, lastUsername: 'agent1', grid: {} };
const info: AppInfo = {
  version: '0.1.0',
  platform: 'linux',
  embeddedHubUrl: 'http://127.0.0.1:4300',
  workstationId: 'gate-pc-1a2b3c4d',
};

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: vi.fn((channel: string, h: Handler) => void handlers.set(channel, h)) };
  const settings = { get: vi.fn(() => settingsValue), set: vi.fn(() => settingsValue) };
  const rememberedSession = {
    available: vi.fn(() => true),
    remember: vi.fn(),
    recall: vi.fn(() => 'a.b.c'),
    forget: vi.fn(),
  };
  registerIpcHandlers(ipcMain as never, {
    isTrustedSender: (event) => event === trusted,
    settings,
    rememberedSession,
    appInfo: () => info,
    log: () => undefined,
  });
  const call = (channel: string, event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  };
  return { handlers, settings, rememberedSession, call };
}

describe('registerIpcHandlers', () => {
  it('registers exactly the bridge channels', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });

  it('answers the console', () => {
    const { call, settings } = setup();
    expect(call(IPC_CHANNELS.settingsGet, trusted)).toEqual(settingsValue);
    expect(call(IPC_CHANNELS.appInfo, trusted)).toEqual(info);
    call(IPC_CHANNELS.settingsSet, trusted, { lastUsername: 'agent2' });
    expect(settings.set).toHaveBeenCalledWith({ lastUsername: 'agent2' });
  });

  it('passes the session calls through to the remembered session', () => {
    const { call, rememberedSession } = setup();
    expect(call(IPC_CHANNELS.sessionAvailable, trusted)).toBe(true);
    call(IPC_CHANNELS.sessionRemember, trusted, 'a.b.c');
    expect(rememberedSession.remember).toHaveBeenCalledWith('a.b.c');
    expect(call(IPC_CHANNELS.sessionRecall, trusted)).toBe('a.b.c');
    call(IPC_CHANNELS.sessionForget, trusted);
    expect(rememberedSession.forget).toHaveBeenCalled();
  });

  it.each(Object.values(IPC_CHANNELS))('drops %s from an untrusted sender', (channel) => {
    const { call, settings, rememberedSession } = setup();
    expect(() => call(channel, untrusted, { hubUrl: 'http://evil.example' })).toThrow(
      UntrustedSenderError,
    );
    expect(settings.get).not.toHaveBeenCalled();
    expect(settings.set).not.toHaveBeenCalled();
    expect(rememberedSession.remember).not.toHaveBeenCalled();
    expect(rememberedSession.recall).not.toHaveBeenCalled();
    expect(rememberedSession.forget).not.toHaveBeenCalled();
  });
});
