import { describe, expect, it } from 'vitest';
import { createAutostart } from './autostart.ts';
import { LoginItemAutostart, type LoginItemApi } from './autostart-login-item.ts';

/** Records the calls Electron's `app` would get, and answers like the OS would. */
function recordingLoginItems(platform: 'win32' | 'darwin') {
  const calls: { method: string; arg: unknown }[] = [];
  let registered: { args: string[] } | null = null;
  const loginItems: LoginItemApi = {
    setLoginItemSettings(settings) {
      calls.push({ method: 'set', arg: settings });
      registered = settings.openAtLogin ? { args: settings.args ?? [] } : null;
    },
    getLoginItemSettings(options) {
      calls.push({ method: 'get', arg: options });
      if (!registered) return { openAtLogin: false };
      // Windows only finds the Run value when asked with the arguments it was stored with.
      const same = JSON.stringify(options?.args ?? []) === JSON.stringify(registered.args);
      return { openAtLogin: platform === 'darwin' || same };
    },
  };
  return { loginItems, calls };
}

describe('LoginItemAutostart on Windows', () => {
  it('registers with --hidden and asks with the same arguments', () => {
    const { loginItems, calls } = recordingLoginItems('win32');
    const autostart = createAutostart({
      platform: 'win32',
      loginItems,
      env: {},
      homedir: 'C:\\Users\\li lei',
      execPath: 'C:\\Users\\li lei\\AppData\\Local\\Programs\\Herald\\Herald.exe',
    });
    expect(autostart).toBeInstanceOf(LoginItemAutostart);
    expect(autostart.isEnabled()).toBe(false);
    expect(autostart.setEnabled(true)).toEqual({ ok: true, enabled: true });
    expect(calls).toEqual([
      { method: 'get', arg: { args: ['--hidden'] } },
      { method: 'set', arg: { openAtLogin: true, args: ['--hidden'] } },
      { method: 'get', arg: { args: ['--hidden'] } },
    ]);
    expect(autostart.setEnabled(false)).toEqual({ ok: true, enabled: false });
    expect(calls.at(-2)).toEqual({
      method: 'set',
      arg: { openAtLogin: false, args: ['--hidden'] },
    });
  });

  it('puts the app folder before --hidden when unpackaged', () => {
    const { loginItems, calls } = recordingLoginItems('win32');
    const autostart = new LoginItemAutostart({
      platform: 'win32',
      loginItems,
      hiddenArg: '--hidden',
      appArgs: ['C:\\dev\\my herald'],
    });
    expect(autostart.setEnabled(true)).toEqual({ ok: true, enabled: true });
    expect(calls[0]).toEqual({
      method: 'set',
      arg: { openAtLogin: true, args: ['C:\\dev\\my herald', '--hidden'] },
    });
  });
});

describe('LoginItemAutostart on macOS', () => {
  it('registers the bundle without arguments (macOS passes none to login items)', () => {
    const { loginItems, calls } = recordingLoginItems('darwin');
    const autostart = createAutostart({
      platform: 'darwin',
      loginItems,
      env: {},
      homedir: '/Users/li lei',
      execPath: '/Applications/Herald.app/Contents/MacOS/Herald',
    });
    expect(autostart.setEnabled(true)).toEqual({ ok: true, enabled: true });
    expect(calls).toEqual([
      { method: 'set', arg: { openAtLogin: true } },
      { method: 'get', arg: undefined },
    ]);
    expect(autostart.refresh()).toEqual({ ok: true, enabled: true });
    expect(autostart.setEnabled(false)).toEqual({ ok: true, enabled: false });
  });

  it('returns an error result instead of throwing', () => {
    const autostart = new LoginItemAutostart({
      platform: 'darwin',
      hiddenArg: '--hidden',
      loginItems: {
        setLoginItemSettings: () => {
          throw new Error('Operation not permitted');
        },
        getLoginItemSettings: () => {
          throw new Error('Operation not permitted');
        },
      },
    });
    expect(autostart.setEnabled(true)).toEqual({ ok: false, error: 'Operation not permitted' });
    expect(autostart.isEnabled()).toBe(false);
  });
});
