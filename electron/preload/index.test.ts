import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../ipc-channels';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]) => 'answer');

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke, send: vi.fn(), on: vi.fn(), sendSync: vi.fn() },
}));

await import('./index');

type Bridge = Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
const bridge = () => exposed.get('jetbridge') as Bridge;

function shape(value: unknown): unknown {
  if (typeof value === 'function') return 'function';
  if (typeof value !== 'object' || value === null) return typeof value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
}

describe('preload bridge', () => {
  beforeEach(() => invoke.mockClear());

  it('exposes one object, window.jetbridge, and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['jetbridge']);
  });

  it('has exactly settings.get/set, app.info and session.available/remember/recall/forget', () => {
    expect(shape(bridge())).toEqual({
      settings: { get: 'function', set: 'function' },
      app: { info: 'function' },
      session: {
        available: 'function',
        remember: 'function',
        recall: 'function',
        forget: 'function',
      },
    });
  });

  it('calls each function on its fixed channel', async () => {
    await bridge().settings!.get!();
    await bridge().settings!.set!({ lastUsername: 'agent1' });
    await bridge().app!.info!();
    await bridge().session!.available!();
    await bridge().session!.remember!('a.b.c');
    await bridge().session!.recall!();
    await bridge().session!.forget!();
    expect(invoke.mock.calls).toEqual([
      [IPC_CHANNELS.settingsGet],
      [IPC_CHANNELS.settingsSet, { lastUsername: 'agent1' }],
      [IPC_CHANNELS.appInfo],
      [IPC_CHANNELS.sessionAvailable],
      [IPC_CHANNELS.sessionRemember, 'a.b.c'],
      [IPC_CHANNELS.sessionRecall],
      [IPC_CHANNELS.sessionForget],
    ]);
  });

  it('cannot be turned into a generic invoke', async () => {
    await bridge().settings!.get!('jetbridge:something:else', 'extra');
    expect(invoke).toHaveBeenCalledWith(IPC_CHANNELS.settingsGet);
  });
});
