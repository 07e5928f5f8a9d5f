/**
 * Native notifications for what the engine decided to show (EngineNotification: one toast, or
 * a summary of a burst). Electron-free: the Notification class comes in as a factory.
 *
 *   const notifications = new NotificationManager({
 *     createNotification: (options) => new Notification(options),
 *     isSupported: () => Notification.isSupported(),
 *     onOpenItem: (id) => service.focusItem(id),    // marks it read, shows it in the inbox
 *     onOpenInbox: () => showInbox(),
 *     language: () => effectiveLanguage,
 *     hideContent: () => settings.notifications.hideContent,
 *     logger: logging.scope('notify'),
 *     icon: join(assetsDir, 'icon.png'),           // Linux shows it; Windows/macOS use the app's
 *   });
 *   service.on('notify', (n) => notifications.notify(n));
 *   app.on('before-quit', () => notifications.closeAll());
 *
 * Windows shows nothing unless `app.setAppUserModelId('app.herald.desktop')` ran first
 * (the appId in electron-builder.yml).
 *
 * On macOS a toast carries the push's buttons that need no confirmation (Electron's
 * `actions`, answered by its 'action' event); elsewhere a click just opens the item: on
 * Windows the toast's action events never reach an unpackaged NSIS app
 * (electron/electron#51147), and Linux daemons differ too much to rely on.
 *
 * Live notifications stay in a Map until clicked, closed or failed: an unreferenced
 * Electron Notification can be garbage-collected and then its click is lost.
 */
import type { Language } from '../../core/desktop-api.ts';
import type { EngineNotification } from '../../core/engine.ts';
import type { Push, PushAction, PushPriority } from '../../core/push.ts';
import { t } from '../i18n/i18n.ts';
import type { Logger } from '../app/logging.ts';

/** The Electron NotificationConstructorOptions this manager sets. */
export interface NativeNotificationOptions {
  title: string;
  body: string;
  /** Linux only (libnotify); the others ignore it. */
  urgency: 'low' | 'normal' | 'critical';
  silent: boolean;
  /** 'never': stays until dismissed (Windows, Linux). */
  timeoutType: 'default' | 'never';
  icon?: string;
  /** macOS only: the push's buttons, answered by the 'action' event with the index. */
  actions?: Array<{ type: 'button'; text: string }>;
}

/** The part of Electron's Notification this manager uses. */
export interface NativeNotification {
  show(): void;
  close(): void;
  on(event: 'click' | 'close', listener: (event: unknown) => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
}

export type NotifyResult =
  | { status: 'shown'; key: string }
  | { status: 'not-sent'; reason: 'unsupported' | 'error'; error?: string };

/** Reported when the OS refuses a notification after show() (Electron's 'failed' event). */
export interface NotificationFailure {
  key: string;
  error: string;
}

export interface NotificationManagerOptions {
  createNotification(options: NativeNotificationOptions): NativeNotification;
  /** Electron's Notification.isSupported(); asked on every notify (cheap). */
  isSupported(): boolean;
  /** A toast was clicked: show this item. */
  onOpenItem(id: string): void;
  /** A summary was clicked: show the inbox. */
  onOpenInbox(): void;
  /** A toast's button was pressed (macOS): the user chose this action of this push. */
  onChooseAction(id: string, actionId: string): void;
  /** process.platform; only 'darwin' gets buttons on its toasts. */
  platform: NodeJS.Platform;
  language(): Language;
  /** The "hide content" privacy setting: generic text instead of title and body. */
  hideContent(): boolean;
  logger: Logger;
  icon?: string;
  onFailed?(failure: NotificationFailure): void;
}

/** The key of the one live summary: a new summary replaces the previous one. */
export const SUMMARY_KEY = 'summary';
const TITLE_MAX = 120;
const BODY_MAX = 300;
const ACTION_LABEL_MAX = 40;

/**
 * The buttons a toast of `push` may carry: none off macOS, none while content is hidden (a
 * label can say what the push is about), and none that must be confirmed first: those are
 * chosen in the inbox, which asks (a click on the toast opens it there).
 */
export function toastActions(
  push: Push,
  settings: { platform: NodeJS.Platform; hideContent: boolean },
): PushAction[] {
  if (settings.platform !== 'darwin' || settings.hideContent || push.state !== 'open') return [];
  return push.actions.filter((action) => action.style !== 'destructive' && action.confirm === null);
}

/** Pure: what to show for an engine notification. */
export function notificationOptions(
  notification: EngineNotification,
  settings: { language: Language; hideContent: boolean; icon?: string; actions?: PushAction[] },
): NativeNotificationOptions {
  const { language } = settings;
  const priority =
    notification.action === 'toast' ? notification.push.priority : notification.highestPriority;
  let title: string;
  let body: string;
  if (notification.action === 'summary') {
    title = t(language, 'notification.summary.title');
    const key =
      priority === 'urgent' ? 'notification.summary.bodyUrgent' : 'notification.summary.body';
    body = t(language, key, { count: notification.count });
  } else if (settings.hideContent) {
    title = t(language, 'app.name');
    body = t(language, 'notification.hidden.one');
  } else {
    title = clip(notification.push.title, TITLE_MAX);
    body = clip(notification.push.body, BODY_MAX);
  }
  const options: NativeNotificationOptions = {
    title,
    body,
    urgency: urgencyOf(priority),
    silent: priority === 'low',
    timeoutType: priority === 'urgent' ? 'never' : 'default',
  };
  if (settings.icon !== undefined) options.icon = settings.icon;
  if (settings.actions?.length) {
    options.actions = settings.actions.map((action) => ({
      type: 'button',
      text: clip(action.label, ACTION_LABEL_MAX),
    }));
  }
  return options;
}

export function urgencyOf(priority: PushPriority): NativeNotificationOptions['urgency'] {
  switch (priority) {
    case 'urgent':
      return 'critical';
    case 'high':
    case 'normal':
      return 'normal';
    case 'low':
      return 'low';
  }
}

export class NotificationManager {
  readonly #options: NotificationManagerOptions;
  readonly #live = new Map<string, NativeNotification>();
  readonly #targets = new Map<string, () => void>();

  constructor(options: NotificationManagerOptions) {
    this.#options = options;
  }

  /** Shows one notification. Expected failures come back as a result, never as a throw. */
  notify(notification: EngineNotification): NotifyResult {
    const { logger } = this.#options;
    let supported: boolean;
    try {
      supported = this.#options.isSupported();
    } catch (error) {
      supported = false;
      logger.warn('notifications: isSupported() threw', error);
    }
    if (!supported) {
      logger.warn('notifications: not supported on this system; the push is in the inbox');
      return { status: 'not-sent', reason: 'unsupported' };
    }
    const key = notification.action === 'toast' ? notification.push.id : SUMMARY_KEY;
    const open =
      notification.action === 'toast'
        ? () => this.#options.onOpenItem(notification.push.id)
        : () => this.#options.onOpenInbox();
    const hideContent = this.#options.hideContent();
    const actions =
      notification.action === 'toast'
        ? toastActions(notification.push, { platform: this.#options.platform, hideContent })
        : [];
    const options = notificationOptions(notification, {
      language: this.#options.language(),
      hideContent,
      actions,
      ...(this.#options.icon === undefined ? {} : { icon: this.#options.icon }),
    });
    // A newer summary replaces the old one, a reminder the push's earlier toast.
    this.close(key);
    let native: NativeNotification;
    try {
      native = this.#options.createNotification(options);
      native.on('click', () => this.activate(key));
      native.on('close', () => this.#forget(key, native));
      native.on('action', (_event, index) => {
        const action = actions[index];
        if (!action || notification.action !== 'toast' || !this.#forget(key, native)) return;
        this.#options.onChooseAction(notification.push.id, action.id);
      });
      native.on('failed', (_event, error) => {
        if (!this.#forget(key, native)) return;
        logger.warn(`notifications: the system refused ${key}: ${error}`);
        this.#options.onFailed?.({ key, error: String(error) });
      });
      this.#live.set(key, native);
      this.#targets.set(key, open);
      native.show();
    } catch (error) {
      this.#live.delete(key);
      this.#targets.delete(key);
      logger.error(`notifications: could not show ${key}`, error);
      return { status: 'not-sent', reason: 'error', error: String(error) };
    }
    return { status: 'shown', key };
  }

  /**
   * What a click on the live notification `key` does: close it, forget it, open its target.
   * The 'click' listener calls exactly this; the e2e hook may too. False if not live.
   */
  activate(key: string): boolean {
    const native = this.#live.get(key);
    const open = this.#targets.get(key);
    if (!native || !open) return false;
    this.#forget(key, native);
    safely(() => native.close(), this.#options.logger);
    open();
    return true;
  }

  /** Closes one live notification (e.g. its item was read elsewhere). */
  close(key: string): void {
    const native = this.#live.get(key);
    if (!native) return;
    this.#forget(key, native);
    safely(() => native.close(), this.#options.logger);
  }

  closeAll(): void {
    for (const key of [...this.#live.keys()]) this.close(key);
  }

  /** Keys of the notifications currently held (ids of pushes, or SUMMARY_KEY). */
  liveKeys(): string[] {
    return [...this.#live.keys()];
  }

  /** Drops `native` if it is still the live one for `key` (not a newer replacement). */
  #forget(key: string, native: NativeNotification): boolean {
    if (this.#live.get(key) !== native) return false;
    this.#live.delete(key);
    this.#targets.delete(key);
    return true;
  }
}

function safely(fn: () => void, logger: Logger): void {
  try {
    fn();
  } catch (error) {
    logger.warn('notifications: close failed', error);
  }
}

function clip(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}
