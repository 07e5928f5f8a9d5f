/**
 * Which window the app opens when it starts: Settings while there is no account or no
 * password; else the inbox, unless this was an automatic start at login with a tray to live
 * in (where no tray can be shown, a hidden app would be unreachable: tray-host.ts).
 */
import type { AccountSettings } from '../../core/desktop-api.ts';
import { isAccountConfigured } from '../settings/settings-schema.ts';
import { shouldStartHidden } from '../tray/tray-host.ts';
import type { WindowKind } from './window-options.ts';

export function firstWindow(start: {
  account: AccountSettings;
  hasPassword: boolean;
  launchedHidden: boolean;
  trayAvailable: boolean;
}): WindowKind | null {
  if (!isAccountConfigured(start.account) || !start.hasPassword) return 'settings';
  const hidden = shouldStartHidden({
    launchedHidden: start.launchedHidden,
    trayAvailable: start.trayAvailable,
  });
  return hidden ? null : 'inbox';
}
