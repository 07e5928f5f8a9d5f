/**
 * Native notifications for what the app service decides to show. A click on a toast shows
 * the inbox and the item: an open page gets the focus-item event, a page still loading finds
 * the item in its first snapshot (InboxSnapshot.focusId). A toast's button (macOS) makes the
 * choice as the inbox's button would.
 */
import { IpcChannel } from '../../core/desktop-api.ts';
import type { AppService } from '../app-service.ts';
import type { Background } from '../app/background.ts';
import { NotificationManager, type NotificationManagerOptions } from './notification-manager.ts';

export interface SetupNotificationsOptions extends Pick<
  NotificationManagerOptions,
  'createNotification' | 'isSupported' | 'logger' | 'icon'
> {
  service: Pick<AppService, 'events' | 'focusItem' | 'settingsView' | 'handlers'>;
  showInbox(): void;
  background: Background;
  /** Default process.platform; tests pass one. */
  platform?: NodeJS.Platform;
}

export function setupNotifications(options: SetupNotificationsOptions): NotificationManager {
  const { service, showInbox } = options;
  const notifications = new NotificationManager({
    createNotification: options.createNotification,
    isSupported: options.isSupported,
    onOpenItem: (id) => {
      showInbox();
      options.background('opening the item', service.focusItem(id));
    },
    onOpenInbox: showInbox,
    onChooseAction: (id, actionId) =>
      options.background(
        'choosing the action',
        service.handlers[IpcChannel.chooseAction](id, actionId),
      ),
    platform: options.platform ?? process.platform,
    language: () => service.settingsView().effectiveLanguage,
    hideContent: () => service.settingsView().notifications.hideContent,
    logger: options.logger,
    icon: options.icon,
  });
  service.events.on('notify', (notification) => notifications.notify(notification));
  service.events.on('withdraw', ({ pushId }) => notifications.close(pushId));
  return notifications;
}
