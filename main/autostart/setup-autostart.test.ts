/** Start at login at app start, with a FAKE login item and a plain settings object. */
import { describe, expect, test } from 'vitest';
import type { Autostart, AutostartResult } from './autostart.ts';
import { applyStartAtLoginWith, reconcileStartAtLogin, setupAutostart } from './setup-autostart.ts';

function fakeAutostart(enabled: boolean, refresh: AutostartResult = { ok: true, enabled }) {
  const calls: string[] = [];
  const autostart: Autostart = {
    isEnabled: () => enabled,
    setEnabled: (on) => ({ ok: true, enabled: (enabled = on) }),
    refresh: () => (calls.push('refresh'), refresh),
  };
  return { autostart, calls };
}

function settingsWith(startAtLogin: boolean) {
  const updates: unknown[] = [];
  const settings = {
    get: () => ({ startAtLogin }),
    update: (patch: { startAtLogin: boolean }) => {
      updates.push(patch);
      startAtLogin = patch.startAtLogin;
    },
  };
  return { settings, updates };
}

describe('reconcileStartAtLogin', () => {
  test('a login item removed behind our back turns the setting off', () => {
    const { autostart, calls } = fakeAutostart(false);
    const { settings, updates } = settingsWith(true);
    reconcileStartAtLogin(autostart, settings, () => undefined);
    expect(calls).toEqual(['refresh']);
    expect(updates).toEqual([{ startAtLogin: false }]);
  });

  test('a login item added outside the app turns the setting on', () => {
    const { autostart } = fakeAutostart(true);
    const { settings, updates } = settingsWith(false);
    reconcileStartAtLogin(autostart, settings, () => undefined);
    expect(updates).toEqual([{ startAtLogin: true }]);
  });

  test('in agreement: the settings file is not written', () => {
    const { autostart } = fakeAutostart(true);
    const { settings, updates } = settingsWith(true);
    reconcileStartAtLogin(autostart, settings, () => undefined);
    expect(updates).toEqual([]);
  });

  test('a refresh that fails (macOS waiting for approval) is logged; the setting still follows', () => {
    const warnings: string[] = [];
    const { autostart } = fakeAutostart(false, {
      ok: false,
      reason: 'requires-approval',
      error: 'approve Herald in System Settings',
    });
    const { settings, updates } = settingsWith(true);
    reconcileStartAtLogin(autostart, settings, (message) => warnings.push(message));
    expect(warnings).toEqual(['start at login: approve Herald in System Settings']);
    expect(updates).toEqual([{ startAtLogin: false }]);
  });
});

describe('setupAutostart', () => {
  test('creates the platform autostart from the options and reconciles the setting', () => {
    const { autostart } = fakeAutostart(true);
    const { settings, updates } = settingsWith(false);
    const seen: unknown[] = [];
    const result = setupAutostart(
      {
        platform: 'linux',
        loginItems: {
          setLoginItemSettings() {},
          getLoginItemSettings: () => {
            throw new Error('Linux has no login items');
          },
        },
        env: {},
        homedir: '/home/alice',
        execPath: '/opt/Herald/herald',
        appArgs: [],
        settings,
        warn: () => undefined,
      },
      (options) => (seen.push(options.platform), autostart),
    );
    expect(result).toBe(autostart);
    expect(seen).toEqual(['linux']);
    expect(updates).toEqual([{ startAtLogin: true }]);
  });
});

describe('applyStartAtLoginWith', () => {
  test('turns the login item on or off; a refusal throws its reason, for Settings to show', () => {
    const { autostart } = fakeAutostart(false);
    applyStartAtLoginWith(autostart)(true);
    expect(autostart.isEnabled()).toBe(true);
    const refusing = applyStartAtLoginWith({
      setEnabled: () => ({ ok: false, reason: 'failed', error: 'the home folder is read-only' }),
    });
    expect(() => refusing(true)).toThrow('the home folder is read-only');
  });
});
