/**
 * The Windows AppUserModelId (AUMID). Windows shows a toast only for an AUMID that a Start menu
 * shortcut carries. The NSIS installer's shortcut carries electron-builder.yml's appId, so a
 * packaged build uses that. An unpackaged `electron .` has no such shortcut: Electron's
 * notification tutorial (docs/tutorial/notifications.md, "Windows") has developers pin
 * node_modules\electron\dist\electron.exe to Start and use `process.execPath` as the AUMID.
 *
 * The AUMID is also the default name of the Run registry value of the Windows login item
 * (Browser::SetLoginItemSettings / GetLoginItemSettings read GetAppUserModelID()), so it must be
 * set before the first get/setLoginItemSettings call, and a dev run's login item lives under
 * the electron.exe path rather than under the appId.
 *
 * So main/index.ts sets it first, before anything touches login items or notifications.
 */

/** electron-builder.yml `appId`. */
export const APP_ID = 'app.herald.desktop';

export function appUserModelId(app: { isPackaged: boolean; execPath: string }): string {
  return app.isPackaged ? APP_ID : app.execPath;
}
