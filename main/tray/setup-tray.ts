/**
 * The tray as the app runs it: its menu actions call the app service, and the service's
 * connection, unread and settings events keep it current. Start at Login from the menu goes
 * through the same save as Settings; when it does not take, the checkbox springs back to what
 * the OS says and a warning box says why (macOS may want the user's approval first).
 */
import { IpcChannel, type InvokeHandlers } from '../../core/desktop-api.ts';
import type { AppService } from '../app-service.ts';
import type { Background } from '../app/background.ts';
import type { Logger } from '../app/logging.ts';
import { fieldProblemDetail, fieldProblemText } from '../../shared/i18n/field-errors.ts';
import { t } from '../i18n/i18n.ts';
import { SystemTray, type SystemTrayOptions } from './system-tray.ts';

export type TrayService = Pick<
  AppService,
  'events' | 'setDnd' | 'reconnect' | 'settingsView' | 'connection' | 'unreadCount'
> & { handlers: Pick<InvokeHandlers, typeof IpcChannel.saveSettings> };

export interface SetupTrayOptions<Image, Menu> extends Pick<
  SystemTrayOptions<Image, Menu>,
  'platform' | 'assetsDir' | 'createImage' | 'createTray' | 'buildMenu' | 'setBadgeCount'
> {
  service: TrayService;
  openInbox(): void;
  openSettings(): void;
  quit(): void;
  /** Whether the login item is on, as the OS reports it. */
  isStartAtLoginEnabled(): boolean;
  /** A warning box (dialog.showMessageBox). */
  showWarning(message: string, detail: string): Promise<unknown>;
  logger: Logger;
  background: Background;
}

/** Creates and starts the tray icon. */
export function setupTray<Image, Menu>(
  options: SetupTrayOptions<Image, Menu>,
): SystemTray<Image, Menu> {
  const { service, logger, background } = options;

  async function changeStartAtLogin(enabled: boolean): Promise<void> {
    const result = await service.handlers[IpcChannel.saveSettings]({ startAtLogin: enabled });
    tray.setStartAtLogin(options.isStartAtLoginEnabled());
    if (result.ok) return;
    const [error] = result.errors;
    const language = service.settingsView().effectiveLanguage;
    const detail = error ? fieldProblemDetail(error) : null;
    logger.warn('start at login:', error ? fieldProblemText('en', error) : '', detail ?? '');
    await options.showWarning(
      t(language, 'menu.startAtLogin'),
      [error ? fieldProblemText(language, error) : '', detail].filter(Boolean).join('\n\n'),
    );
  }

  const initial = service.settingsView();
  const tray = new SystemTray<Image, Menu>({
    platform: options.platform,
    assetsDir: options.assetsDir,
    language: initial.effectiveLanguage,
    createImage: options.createImage,
    createTray: options.createTray,
    buildMenu: options.buildMenu,
    setBadgeCount: options.setBadgeCount,
    actions: {
      openInbox: options.openInbox,
      setDnd: (choice) => background('do not disturb', service.setDnd(choice)),
      reconnect: () => service.reconnect(),
      openSettings: options.openSettings,
      setStartAtLogin: (enabled) => background('start at login', changeStartAtLogin(enabled)),
      quit: options.quit,
    },
    initial: {
      connection: service.connection(),
      unread: service.unreadCount(),
      dndUntil: initial.notifications.dndUntil,
      startAtLogin: initial.startAtLogin,
    },
  });
  tray.start();
  service.events.on('connection', (view) => tray.setConnection(view));
  service.events.on('unread', (count) => tray.setUnreadCount(count));
  service.events.on(IpcChannel.settingsChanged, (view) => {
    tray.setDndUntil(view.notifications.dndUntil);
    tray.setStartAtLogin(view.startAtLogin);
    tray.setLanguage(view.effectiveLanguage);
  });
  return tray;
}
