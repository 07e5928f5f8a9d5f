/**
 * Start at login, per platform, behind one small interface:
 * - Windows / macOS: Electron's login items (autostart-login-item.ts);
 * - Linux: an XDG autostart entry, ~/.config/autostart/herald.desktop (autostart-linux.ts).
 * Either way the app is started with --hidden (macOS cannot pass arguments to login items:
 * there `app.getLoginItemSettings().wasOpenedAtLogin` says the same), and stays in the tray.
 *
 * Created at start-up by setupAutostart (setup-autostart.ts); Electron-free here.
 */
import { XdgAutostart, type XdgAutostartOptions } from './autostart-linux.ts';
import { LoginItemAutostart, type LoginItemApi } from './autostart-login-item.ts';

/** The argument an automatic start passes: start in the tray, no window. */
export const HIDDEN_ARG = '--hidden';

/**
 * Why turning it on or off did not take: 'failed', the OS refused (read-only home, policy);
 * 'requires-approval', macOS 13+ registered it but waits for the user; 'not-enabled', the OS
 * took the call but does not report it on. `error` is technical text for the log that starts
 * with a code the UI words (an errno such as EACCES, or `login-item.…`).
 */
export type AutostartFailure = 'failed' | 'requires-approval' | 'not-enabled';

export type AutostartResult =
  { ok: true; enabled: boolean } | { ok: false; reason: AutostartFailure; error: string };

export interface Autostart {
  isEnabled(): boolean;
  /** Never throws: a failure (read-only home, policy, approval pending) comes back as `{ ok: false }`. */
  setEnabled(enabled: boolean): AutostartResult;
  /** Rewrites an enabled entry so it points at the current executable; on macOS also says
   * whether the item still waits for approval (`reason: 'requires-approval'`). */
  refresh(): AutostartResult;
}

export interface AutostartOptions extends Omit<XdgAutostartOptions, 'hiddenArg'> {
  platform: NodeJS.Platform;
  loginItems: LoginItemApi;
}

export function createAutostart(options: AutostartOptions): Autostart {
  if (options.platform === 'win32' || options.platform === 'darwin') {
    return new LoginItemAutostart({
      platform: options.platform,
      loginItems: options.loginItems,
      hiddenArg: HIDDEN_ARG,
      appArgs: options.appArgs,
    });
  }
  return new XdgAutostart({ ...options, hiddenArg: HIDDEN_ARG });
}

/** Whether this launch was an automatic one that should stay in the tray. */
export function wasLaunchedHidden(launch: {
  argv: readonly string[];
  platform: NodeJS.Platform;
  wasOpenedAtLogin?: boolean;
}): boolean {
  if (launch.argv.includes(HIDDEN_ARG)) return true;
  return launch.platform === 'darwin' && launch.wasOpenedAtLogin === true;
}
