/**
 * Start at login at app start: the entry is refreshed (an AppImage may have moved since), and
 * the setting follows what the OS says, since the user or the OS may have removed the login
 * item behind our back.
 */
import type { StoredSettings } from '../settings/settings-schema.ts';
import { createAutostart, type Autostart, type AutostartOptions } from './autostart.ts';

export interface StartAtLoginSetting {
  get(): Pick<StoredSettings, 'startAtLogin'>;
  update(patch: { startAtLogin: boolean }): unknown;
}

export function setupAutostart(
  options: AutostartOptions & { settings: StartAtLoginSetting; warn(message: string): void },
  create: (options: AutostartOptions) => Autostart = createAutostart,
): Autostart {
  const { settings, warn, ...autostartOptions } = options;
  const autostart = create(autostartOptions);
  reconcileStartAtLogin(autostart, settings, warn);
  return autostart;
}

export function reconcileStartAtLogin(
  autostart: Autostart,
  settings: StartAtLoginSetting,
  warn: (message: string) => void,
): void {
  const refreshed = autostart.refresh();
  if (!refreshed.ok) warn(`start at login: ${refreshed.error}`);
  const enabled = autostart.isEnabled();
  if (settings.get().startAtLogin !== enabled) settings.update({ startAtLogin: enabled });
}

/** The app service's applyStartAtLogin: a login item the OS refuses refuses the save. */
export function applyStartAtLoginWith(autostart: Pick<Autostart, 'setEnabled'>) {
  return (enabled: boolean): void => {
    const result = autostart.setEnabled(enabled);
    if (!result.ok) throw new Error(result.error);
  };
}
