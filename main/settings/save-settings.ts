/**
 * Settings' Save, checked before anything changes: the fields, a CA file the user did not
 * choose with Choose…, a password where no safe storage exists, and the login item (the OS may
 * refuse it). Only then are the settings written, the password stored, the retention applied,
 * the CA file re-read and, when the account or password changed, the connection restarted;
 * everyone is then told the new settings.
 */
import { isDeepStrictEqual } from 'node:util';
import type { SaveResult, SettingsView } from '../../core/desktop-api.ts';
import type { CaFileSetting } from './ca-file-setting.ts';
import type { CaTrust } from './ca-trust.ts';
import type { SecretStore } from './secret-store.ts';
import { validateSettingsUpdate, type StoredSettings } from './settings-schema.ts';
import type { SettingsStore } from './settings-store.ts';

export interface SaveSettingsDeps {
  settings: Pick<SettingsStore, 'get' | 'update'>;
  secrets: Pick<SecretStore, 'backend' | 'setPassword'>;
  caFiles: Pick<CaFileSetting, 'check'>;
  caTrust: Pick<CaTrust, 'useCaFile'>;
  /** Registers or removes the login item; throwing refuses the save. */
  applyStartAtLogin(enabled: boolean): Promise<void> | void;
  setRetention(retention: StoredSettings['retention']): void;
  /** Reconnects with the saved account and password. */
  restartEngine(): Promise<void>;
  settingsView(): SettingsView;
  /** The save went through (settings:changed). */
  onSaved(view: SettingsView): void;
}

/** The saveSettings handler. */
export function createSaveSettings(
  deps: SaveSettingsDeps,
): (input: unknown) => Promise<SaveResult> {
  return async (input) => {
    const checked = validateSettingsUpdate(input);
    if (!checked.ok) return checked;
    const { update } = checked;
    const before = deps.settings.get();
    const caCheck = deps.caFiles.check(update.account?.caFile, before.account.caFile);
    if (caCheck && !caCheck.ok) {
      return { ok: false, errors: [{ field: 'account.caFile', ...caCheck.problem }] };
    }
    if (update.password !== undefined && deps.secrets.backend() === 'unavailable') {
      return {
        ok: false,
        errors: [{ field: 'password', code: 'password.noSafeStorage', params: {} }],
      };
    }
    if (update.startAtLogin !== undefined && update.startAtLogin !== before.startAtLogin) {
      try {
        await deps.applyStartAtLogin(update.startAtLogin);
      } catch (error) {
        const detail = (error as Error).message;
        return {
          ok: false,
          errors: [{ field: 'startAtLogin', code: 'startAtLogin.failed', params: { detail } }],
        };
      }
    }
    const after = deps.settings.update({
      ...(update.account && { account: update.account }),
      ...(update.notifications && {
        notifications: { ...before.notifications, ...update.notifications },
      }),
      ...(update.startAtLogin !== undefined && { startAtLogin: update.startAtLogin }),
      ...(update.language && { language: update.language }),
      ...(update.retention && { retention: update.retention }),
    });
    if (update.password !== undefined) await deps.secrets.setPassword(update.password);
    if (update.retention) deps.setRetention(after.retention);
    const accountChanged = !isDeepStrictEqual(before.account, after.account);
    // Re-read even when the path is unchanged: the file may have been replaced since.
    if (update.account) deps.caTrust.useCaFile(after.account.caFile ?? null);
    if (accountChanged || update.password !== undefined) await deps.restartEngine();
    const view = deps.settingsView();
    deps.onSaved(view);
    return { ok: true, settings: view };
  };
}
