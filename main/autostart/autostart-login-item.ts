/**
 * Start at login on Windows and macOS through Electron's login items (`app` is the
 * LoginItemApi). Windows stores a Run registry value with our arguments, and only finds it
 * again when asked with the same arguments. Electron (since electron#50016, 42.0.0) quotes the
 * executable and each argument in that value itself, CommandLineToArgvW-style, so a dev run's
 * app folder with spaces needs nothing from us; quoting here would add literal quotes. macOS
 * registers the app bundle and takes no arguments (a hidden start shows as
 * `wasOpenedAtLogin`; `openAsHidden` no longer exists).
 *
 * macOS 13+ (SMAppService) may register the item but leave it `status: 'requires-approval'`
 * until the user turns it on in System Settings → General → Login Items. That comes back as
 * `{ ok: false, reason: 'requires-approval', error }`, with the item left registered: removing
 * it would leave the user nothing to approve. Once approved, `isEnabled()` turns true (read at
 * the next start by setupAutostart (setup-autostart.ts), which then saves startAtLogin).
 *
 * `isEnabled()` is true only when the OS will start Herald at the next login: on macOS Electron's
 * `openAtLogin` is `status === 'enabled'` (so 'requires-approval' reads false); on Windows it is
 * the Run value being exactly our command line.
 */
import type { LoginItemSettings, LoginItemSettingsOptions, Settings } from 'electron';
import type { Autostart, AutostartResult } from './autostart.ts';

/** What a login item's state says, as far as used here (`status` is macOS only). */
export type LoginItemState = Pick<LoginItemSettings, 'openAtLogin'> &
  Partial<Pick<LoginItemSettings, 'status'>>;

/** The part of Electron's `app` used here. */
export interface LoginItemApi {
  setLoginItemSettings(settings: Pick<Settings, 'openAtLogin' | 'args' | 'path'>): void;
  getLoginItemSettings(options?: Pick<LoginItemSettingsOptions, 'args' | 'path'>): LoginItemState;
}

/**
 * The technical text of the two refusals macOS gives without an error. Each starts with its
 * code, as a Node error message does, so the UI words it (shared/i18n/system-errors.ts) and
 * shows the rest only as a detail.
 */
export const NEEDS_APPROVAL =
  'login-item.requires-approval: the login item waits for approval in System Settings → General → Login Items';
const NOT_ENABLED = 'login-item.not-enabled: the login item did not turn on';

export interface LoginItemAutostartOptions {
  platform: 'win32' | 'darwin';
  loginItems: LoginItemApi;
  hiddenArg: string;
  /** Arguments before hiddenArg (the app folder when running unpackaged). */
  appArgs?: readonly string[];
}

export class LoginItemAutostart implements Autostart {
  readonly #options: LoginItemAutostartOptions;

  constructor(options: LoginItemAutostartOptions) {
    this.#options = options;
  }

  /** Windows matches the Run entry by its command line, so get and set must pass the same. */
  #command(): { args: string[] } | undefined {
    const { platform, appArgs, hiddenArg } = this.#options;
    return platform === 'win32' ? { args: [...(appArgs ?? []), hiddenArg] } : undefined;
  }

  #state(): LoginItemState {
    try {
      return this.#options.loginItems.getLoginItemSettings(this.#command());
    } catch {
      return { openAtLogin: false };
    }
  }

  isEnabled(): boolean {
    return this.#state().openAtLogin;
  }

  setEnabled(enabled: boolean): AutostartResult {
    try {
      this.#options.loginItems.setLoginItemSettings({ openAtLogin: enabled, ...this.#command() });
    } catch (error) {
      return { ok: false, reason: 'failed', error: errorText(error) };
    }
    const state = this.#state();
    if (enabled && state.status === 'requires-approval') return needsApproval();
    // Electron only logs a failed SMAppService register, so a silent "off" is the failure.
    if (enabled && !state.openAtLogin) {
      const status = state.status ? ` (status: ${state.status})` : '';
      return { ok: false, reason: 'not-enabled', error: `${NOT_ENABLED}${status}` };
    }
    return { ok: true, enabled: state.openAtLogin };
  }

  /** The OS tracks the executable itself (the NSIS install path, the app bundle); this says
   * whether the item still waits for the user's approval. */
  refresh(): AutostartResult {
    const state = this.#state();
    return state.status === 'requires-approval'
      ? needsApproval()
      : { ok: true, enabled: state.openAtLogin };
  }
}

function needsApproval(): AutostartResult {
  return { ok: false, reason: 'requires-approval', error: NEEDS_APPROVAL };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
