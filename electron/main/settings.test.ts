import { describe, expect, it, vi } from 'vitest';

// settings.ts opens its file through electron-store, which needs a running Electron.
vi.mock('electron-store', () => ({ default: class {} }));

const { WorkstationSettingsStore, workstationIdFor } = await import('./settings');
const { applySettingsPatch, DEFAULT_SETTINGS, parseSettingsPatch, readStoredSettings } =
  await import('./settings-schema');

function memoryBackend(initial: Record<string, unknown> = {}) {
  return { store: structuredClone(initial) };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('parseSettingsPatch', () => {
  it('accepts the public settings', () => {
    const patch = {
      hubUrl: 'http://10.0.0.5:4300',
      lastUsername: 'agent1',
      grid: { timeWindow: 'today', columnState: [{ colId: 'gate', width: 90 }], quickFilter: '6E' },
    };
    expect(parseSettingsPatch(patch)).toEqual(patch);
  });

  it.each([
    [{ hubUrl: 'ftp://hub' }, 'hubUrl'],
    [{ hubUrl: 'http://agent1:secret@hub:4300' }, 'hubUrl'],
    [{ lastUsername: 42 }, 'lastUsername'],
    [{ lastUsername: 'a\nb' }, 'lastUsername'],
    [{ grid: { timeWindow: 'yesterday' } }, 'grid.timeWindow'],
    [{ grid: { statuses: 'BOARDING' } }, 'grid.statuses'],
    [{ grid: { colour: 'red' } }, 'grid.colour'],
    [{ windowBounds: { x: 0, y: 0, width: 10, height: 10, maximized: false } }, 'windowBounds'],
  ])('rejects %j naming %s', (patch, field) => {
    const error = errorOf(() => parseSettingsPatch(patch));
    expect(error.name).toBe('SettingsValidationError');
    expect(error.message).toContain(`"${field}"`);
  });

  it.each(['password', 'token'])('refuses a %s outright', (key) => {
    const error = errorOf(() => parseSettingsPatch({ lastUsername: 'agent1', [key]: 'demo' }));
    expect(error.message).toContain(`"${key}"`);
    expect(error.message).toMatch(/never stored/);
  });

  it('rejects things that are not a patch', () => {
    for (const bad of [null, 'x', [1], 3]) {
      expect(errorOf(() => parseSettingsPatch(bad)).message).toContain('"settings"');
    }
  });
});

describe('applySettingsPatch', () => {
  it('merges grid settings field by field and clears a field sent as undefined', () => {
    const current = {
      ...DEFAULT_SETTINGS,
      grid: { quickFilter: 'AI', timeWindow: 'today' as const, statuses: ['BOARDING'] },
    };
    const next = applySettingsPatch(current, {
      grid: { timeWindow: 'all', statuses: undefined },
    });
    expect(next.grid).toEqual({ quickFilter: 'AI', timeWindow: 'all' });
    expect(current.grid.timeWindow).toBe('today');
  });

  it('sets and clears the hub address', () => {
    const withHub = applySettingsPatch(DEFAULT_SETTINGS, { hubUrl: 'http://hub:4300' });
    expect(withHub.hubUrl).toBe('http://hub:4300');
    expect(applySettingsPatch(withHub, { hubUrl: null }).hubUrl).toBeNull();
    expect(applySettingsPatch(withHub, {}).hubUrl).toBe('http://hub:4300');
  });
});

describe('readStoredSettings', () => {
  it('keeps valid fields and resets invalid ones to defaults', () => {
    const { settings, invalidFields } = readStoredSettings({
      hubUrl: 'http://hub:4300',
      lastUsername: 12,
      grid: { timeWindow: 'never' },
      password: 'demo',
    });
    expect(settings.hubUrl).toBe('http://hub:4300');
    expect(settings.lastUsername).toBeNull();
    expect(settings.grid).toEqual({});
    expect(invalidFields.sort()).toEqual(['grid', 'lastUsername']);
    expect(settings).not.toHaveProperty('password');
  });

  it('gives defaults for garbage', () => {
    expect(readStoredSettings('nonsense').settings).toEqual(DEFAULT_SETTINGS);
  });
});

describe('WorkstationSettingsStore', () => {
  it('stores a valid patch and returns the public settings', () => {
    const backend = memoryBackend();
    const store = new WorkstationSettingsStore(backend, () => undefined);
    const result = store.set({ lastUsername: 'agent1', grid: { quickFilter: 'BOM' } });
    expect(result).toEqual({ hubUrl: null, lastUsername: 'agent1', grid: { quickFilter: 'BOM' } });
    expect(store.get()).toEqual(result);
    expect(backend.store).toMatchObject({ lastUsername: 'agent1' });
  });

  it('changes nothing when a patch is rejected', () => {
    const backend = memoryBackend({ lastUsername: 'agent1', grid: { quickFilter: 'BOM' } });
    const store = new WorkstationSettingsStore(backend, () => undefined);
    const before = structuredClone(backend.store);
    expect(() => store.set({ lastUsername: 'agent2', grid: { timeWindow: 'later' } })).toThrow(
      /grid\.timeWindow/,
    );
    expect(() => store.set({ lastUsername: 'agent2', password: 'demo' })).toThrow(/password/);
    expect(backend.store).toEqual(before);
    expect(JSON.stringify(backend.store)).not.toContain('demo');
  });

  it('never hands main-only fields to the renderer', () => {
    const backend = memoryBackend({
      windowBounds: { x: 1, y: 2, width: 1000, height: 700, maximized: false },
      workstationSuffix: 'abcd1234',
    });
    const store = new WorkstationSettingsStore(backend, () => undefined);
    expect(Object.keys(store.get()).sort()).toEqual(['grid', 'hubUrl', 'lastUsername']);
    expect(store.windowBounds()).toEqual({
      x: 1,
      y: 2,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('keeps the workstation id stable across restarts', () => {
    const backend = memoryBackend();
    const first = new WorkstationSettingsStore(backend, () => undefined).workstationId(
      'Gate-PC 12',
    );
    const second = new WorkstationSettingsStore(backend, () => undefined).workstationId(
      'Gate-PC 12',
    );
    expect(first).toBe(second);
    expect(first).toMatch(/^gate-pc-12-[0-9a-f]{8}$/);
  });

  it('reports a hand-edited bad field and falls back for it', () => {
    const warn = vi.fn();
    const store = new WorkstationSettingsStore(memoryBackend({ hubUrl: 'gopher://x' }), warn);
    expect(store.get().hubUrl).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('hubUrl'));
  });
});

describe('workstationIdFor', () => {
  it('makes a tidy id from any host name', () => {
    expect(workstationIdFor('DEL-T3-GATE-42.airport.local', 'a1b2')).toBe(
      'del-t3-gate-42.airport.local-a1b2',
    );
    expect(workstationIdFor('***', 'a1b2')).toBe('workstation-a1b2');
  });
});
