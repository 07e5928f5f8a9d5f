/**
 * Start at login on Windows and macOS through Electron's login items (`app` is the
 * LoginItemApi). Windows stores a Run registry value with our arguments, and only finds it
 * again when asked with the same arguments; macOS registers the app bundle and takes no
 * arguments (a hidden start shows as `wasOpenedAtLogin`; `openAsHidden` no longer exists).
 */
import type { Autostart, AutostartResult } from './autostart.ts';

/** The part of Electron's `app` used here. */
export interface LoginItemApi {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean };
}

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

  /** Windows matches the Run entry by its arguments, so get and set must pass the same ones. */
  #args(): string[] | undefined {
    if (this.#options.platform !== 'win32') return undefined;
    return [...(this.#options.appArgs ?? []), this.#options.hiddenArg];
  }

  isEnabled(): boolean {
    const args = this.#args();
    try {
      return this.#options.loginItems.getLoginItemSettings(args ? { args } : undefined).openAtLogin;
    } catch {
      return false;
    }
  }

  setEnabled(enabled: boolean): AutostartResult {
    const args = this.#args();
    try {
      this.#options.loginItems.setLoginItemSettings(
        args ? { openAtLogin: enabled, args } : { openAtLogin: enabled },
      );
      return { ok: true, enabled: this.isEnabled() };
    } catch (error) {
      return { ok: false, error: errorText(error) };
    }
  }

  /** The OS tracks the executable itself (the NSIS install path, the app bundle). */
  refresh(): AutostartResult {
    return { ok: true, enabled: this.isEnabled() };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
