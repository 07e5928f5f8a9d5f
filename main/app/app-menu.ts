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

/** The parts of Electron's Menu and app.dock used to set the menu up. */
export interface MenuApi<Menu> {
  setApplicationMenu(menu: Menu | null): void;
  buildFromTemplate(template: AppMenuItem[]): Menu;
}

/** A tray-only app has no Dock icon on macOS; and the menu above, where there is one to set. */
export function setupApplicationMenu<Menu>(options: {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  menu: MenuApi<Menu>;
  dock?: { hide(): void };
}): void {
  if (options.platform === 'darwin') options.dock?.hide();
  const template = applicationMenuTemplate(options);
  if (template === undefined) return;
  options.menu.setApplicationMenu(template && options.menu.buildFromTemplate(template));
}
