/**
 * The application menu. Electron's default one offers Reload and Toggle Developer Tools: a
 * user of the packaged app must not get either. Windows and Linux windows get no menu bar;
 * macOS keeps the app and Edit menus, without which Cmd-C / Cmd-V / Cmd-Q do nothing in the
 * Settings fields. Development keeps Electron's default (its DevTools are the point there).
 */
export interface AppMenuItem {
  role: 'appMenu' | 'editMenu';
}

/** undefined = leave Electron's default; null = no menu; else the template to build. */
export function applicationMenuTemplate(options: {
  platform: NodeJS.Platform;
  isPackaged: boolean;
}): AppMenuItem[] | null | undefined {
  if (!options.isPackaged) return undefined;
  return options.platform === 'darwin' ? [{ role: 'appMenu' }, { role: 'editMenu' }] : null;
}
