import type { LoginItemSettings, Settings } from 'electron';
import { describe, expect, it } from 'vitest';
import { electronRunValue, parseWindowsCommandLine } from '../../test/support/windows-argv.ts';
import { createAutostart } from './autostart.ts';
import { fieldProblemText } from '../../shared/i18n/field-errors.ts';
import { LoginItemAutostart, NEEDS_APPROVAL, type LoginItemApi } from './autostart-login-item.ts';

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
    expect(autostart.setEnabled(true)).toEqual({
      ok: false,
      reason: 'failed',
      error: 'Operation not permitted',
    });
    expect(autostart.isEnabled()).toBe(false);
  });
});

/** Electron's Windows login item: one Run value, written and compared as FormatCommandLineString does. */
function electronRunKey(execPath: string) {
  let value: string | null = null;
  const format = (options?: { path?: string; args?: string[] }) =>
    electronRunValue(options?.path ?? execPath, options?.args ?? []);
  const loginItems: LoginItemApi = {
    setLoginItemSettings(settings) {
      value = settings.openAtLogin ? format(settings) : null;
    },
    getLoginItemSettings: (options) => ({
      openAtLogin: value !== null && value === format(options),
    }),
  };
  return { loginItems, runValue: () => value };
}

describe('LoginItemAutostart on Windows, a development run under paths with spaces', () => {
  const execPath = 'C:\\Users\\li lei\\herald\\node_modules\\electron\\dist\\electron.exe';
  const appPath = 'C:\\Users\\li lei\\herald';

  it('the Run value Electron writes starts electron.exe with the app folder and --hidden', () => {
    const { loginItems, runValue } = electronRunKey(execPath);
    const autostart = createAutostart({
      platform: 'win32',
      loginItems,
      env: {},
      homedir: 'C:\\Users\\li lei',
      execPath,
      appArgs: [appPath],
    });
    expect(autostart.setEnabled(true)).toEqual({ ok: true, enabled: true });
    expect(parseWindowsCommandLine(runValue()!)).toEqual([execPath, appPath, '--hidden']);
    expect(autostart.isEnabled()).toBe(true);
    expect(autostart.setEnabled(false)).toEqual({ ok: true, enabled: false });
    expect(runValue()).toBeNull();
  });
});

/** macOS 13+ login items (SMAppService) as Electron reports them: openAtLogin is status 'enabled'. */
function smAppService(afterRegister: LoginItemSettings['status']) {
  let status: LoginItemSettings['status'] = 'not-registered';
  const loginItems = {
    setLoginItemSettings(settings: Settings) {
      status = settings.openAtLogin ? afterRegister : 'not-registered';
    },
    getLoginItemSettings: (): LoginItemSettings => ({
      openAtLogin: status === 'enabled',
      wasOpenedAtLogin: false,
      status,
      executableWillLaunchAtLogin: false,
      launchItems: [],
    }),
  } satisfies LoginItemApi;
  /** The user turns Herald on in System Settings → General → Login Items. */
  const approve = () => {
    if (status === 'requires-approval') status = 'enabled';
  };
  return { loginItems, approve };
}

describe('LoginItemAutostart on macOS 13+', () => {
  const macAutostart = (loginItems: LoginItemApi) =>
    new LoginItemAutostart({ platform: 'darwin', loginItems, hiddenArg: '--hidden' });

  it('says where to approve when macOS registers the item but waits for the user', () => {
    const { loginItems, approve } = smAppService('requires-approval');
    const autostart = macAutostart(loginItems);
    const needsApproval = { ok: false, reason: 'requires-approval', error: NEEDS_APPROVAL };
    expect(autostart.setEnabled(true)).toEqual(needsApproval);
    // A code the settings form and the tray word in the user's language.
    const refused = { code: 'startAtLogin.failed', params: { detail: NEEDS_APPROVAL } } as const;
    expect(fieldProblemText('zh-CN', refused)).toBe(
      '无法更改登录项：macOS 需要您的批准（系统设置 → 通用 → 登录项，然后打开 Herald）',
    );
    expect(autostart.isEnabled()).toBe(false);
    // Still pending at the next start: refresh() says so, so it can be logged or shown.
    expect(autostart.refresh()).toEqual(needsApproval);

    approve();
    expect(autostart.isEnabled()).toBe(true);
    expect(autostart.refresh()).toEqual({ ok: true, enabled: true });
    expect(autostart.setEnabled(false)).toEqual({ ok: true, enabled: false });
  });

  it('reports an item that did not turn on instead of quietly unticking it', () => {
    const autostart = macAutostart(smAppService('not-found').loginItems);
    expect(autostart.setEnabled(true)).toEqual({
      ok: false,
      reason: 'not-enabled',
      error: 'login-item.not-enabled: the login item did not turn on (status: not-found)',
    });
  });

  it('turns on plainly where no approval is needed', () => {
    const autostart = macAutostart(smAppService('enabled').loginItems);
    expect(autostart.setEnabled(true)).toEqual({ ok: true, enabled: true });
    expect(autostart.refresh()).toEqual({ ok: true, enabled: true });
  });
});
