/**
 * The tray icon: private state, idempotent setters, one render() (Signal's SystemTrayService).
 * Electron-free: the tray, images, menus and the badge come in as functions, so tests drive
 * it with fakes; setupTray (setup-tray.ts) wires it to the app service.
 *
 * Setters return early when nothing changed; render() touches only what differs from what it
 * applied last (no icon reload, no menu rebuild for an unchanged menu).
 */
import { join } from 'node:path';
import { systemClock, type Clock, type TimerHandle } from '../../core/clock.ts';
import type { ConnectionView, Language } from '../../core/desktop-api.ts';
import {
  trayMenuModel,
  trayMenuTemplate,
  type TrayActions,
  type TrayMenuItem,
} from './tray-menu.ts';
import { trayState, type TrayStateInput } from './tray-state.ts';

/** The part of Electron's Tray this class uses. */
export interface TrayInstance<Image, Menu> {
  setImage(image: Image): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface SystemTrayOptions<Image, Menu> {
  platform: NodeJS.Platform;
  /** Folder holding the tray-*.png / *.ico files (see assets/generate-icons.ts). */
  assetsDir: string;
  language: Language;
  createImage(path: string): Image;
  createTray(image: Image): TrayInstance<Image, Menu>;
  buildMenu(template: TrayMenuItem[]): Menu;
  /** app.setBadgeCount where the OS has a badge (macOS, Unity launchers); optional. */
  setBadgeCount?(count: number): void;
  actions: TrayActions;
  /** Its wall time decides what do-not-disturb shows; its timer re-renders when DND runs out. */
  clock?: Clock;
  /** State before the first render. */
  initial?: Partial<Pick<TrayStateInput, 'connection' | 'unread' | 'dndUntil' | 'startAtLogin'>>;
}

interface Applied {
  iconFile: string;
  tooltip: string;
  menuKey: string;
}

/** setTimeout fires immediately for delays above 2^31 - 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class SystemTray<Image, Menu> {
  readonly #options: SystemTrayOptions<Image, Menu>;
  readonly #images = new Map<string, Image>();
  #connection: ConnectionView;
  #unread: number;
  #dndUntil: number | null;
  #startAtLogin: boolean;
  #language: Language;
  #tray: TrayInstance<Image, Menu> | null = null;
  #applied: Applied | null = null;
  #badge: number | null = null;
  #template: TrayMenuItem[] = [];
  readonly #clock: Clock;
  #dndTimer: TimerHandle | null = null;

  /**
   * Electron flips a checkbox or radio entry in the native menu itself before calling its
   * click. If the action then fails (or changes nothing), our state and model are unchanged
   * and the menu would keep showing the flip: so after those clicks the menu is rebuilt from
   * the state, and again when the state really changes.
   */
  readonly #menuActions: TrayActions;

  constructor(options: SystemTrayOptions<Image, Menu>) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#menuActions = {
      ...options.actions,
      setDnd: (choice) => {
        options.actions.setDnd(choice);
        this.#rebuildMenu();
      },
      setStartAtLogin: (enabled) => {
        options.actions.setStartAtLogin(enabled);
        this.#rebuildMenu();
      },
    };
    this.#connection = options.initial?.connection ?? { state: 'unconfigured' };
    this.#unread = options.initial?.unread ?? 0;
    this.#dndUntil = options.initial?.dndUntil ?? null;
    this.#startAtLogin = options.initial?.startAtLogin ?? false;
    this.#language = options.language;
  }

  /** Creates the OS tray icon (call once, after app 'ready'). */
  start(): void {
    if (this.#tray) return;
    const view = trayState(this.#input());
    const tray = this.#options.createTray(this.#image(view.iconFile));
    this.#tray = tray;
    this.#applied = { iconFile: view.iconFile, tooltip: '', menuKey: '' };
    // A left click opens the inbox where the OS reports it. macOS opens the context menu on
    // click instead, and on Linux the event is unreliable (electron#36333): the menu has
    // Open Inbox for both.
    if (this.#options.platform !== 'darwin')
      tray.on('click', () => this.#options.actions.openInbox());
    this.render();
  }

  setConnection(connection: ConnectionView): void {
    if (sameConnection(this.#connection, connection)) return;
    this.#connection = connection;
    this.render();
  }

  setUnreadCount(count: number): void {
    const unread = Math.max(0, Math.floor(count));
    if (unread === this.#unread) return;
    this.#unread = unread;
    this.render();
  }

  setDndUntil(dndUntil: number | null): void {
    if (dndUntil === this.#dndUntil) return;
    this.#dndUntil = dndUntil;
    this.render();
  }

  setStartAtLogin(enabled: boolean): void {
    if (enabled === this.#startAtLogin) return;
    this.#startAtLogin = enabled;
    this.render();
  }

  setLanguage(language: Language): void {
    if (language === this.#language) return;
    this.#language = language;
    this.render();
  }

  /** Applies the current state to the tray, touching only what changed since last time. */
  render(): void {
    const tray = this.#tray;
    const applied = this.#applied;
    if (!tray || !applied) return;
    const input = this.#input();
    const view = trayState(input);
    const template = trayMenuTemplate(input, this.#menuActions);
    this.#template = template;
    const menuKey = JSON.stringify(trayMenuModel(template));

    if (view.iconFile !== applied.iconFile) {
      tray.setImage(this.#image(view.iconFile));
      applied.iconFile = view.iconFile;
    }
    if (view.tooltip !== applied.tooltip) {
      tray.setToolTip(view.tooltip);
      applied.tooltip = view.tooltip;
    }
    // Linux needs setContextMenu again after any change to the menu; a new menu covers it.
    if (menuKey !== applied.menuKey) {
      tray.setContextMenu(this.#options.buildMenu(template));
      applied.menuKey = menuKey;
    }
    if (view.badgeCount !== this.#badge) {
      this.#options.setBadgeCount?.(view.badgeCount);
      this.#badge = view.badgeCount;
    }
    this.#scheduleDndExpiry(view.dnd.until, input.now);
  }

  /** The menu as last rendered, with its real click handlers (the e2e hook uses this). */
  menuTemplate(): TrayMenuItem[] {
    return this.#template;
  }

  destroy(): void {
    this.#cancelDndTimer();
    this.#tray?.destroy();
    this.#tray = null;
    this.#applied = null;
    this.#badge = null;
  }

  #rebuildMenu(): void {
    if (this.#applied) this.#applied.menuKey = '';
    this.render();
  }

  #input(): TrayStateInput {
    return {
      connection: this.#connection,
      unread: this.#unread,
      dndUntil: this.#dndUntil,
      now: this.#clock.now(),
      startAtLogin: this.#startAtLogin,
      platform: this.#options.platform,
      language: this.#language,
    };
  }

  #image(file: string): Image {
    let image = this.#images.get(file);
    if (image === undefined) {
      image = this.#options.createImage(join(this.#options.assetsDir, file));
      this.#images.set(file, image);
    }
    return image;
  }

  /** When do-not-disturb runs out, the menu and tooltip must say so without other changes. */
  #scheduleDndExpiry(until: number | null, now: number): void {
    this.#cancelDndTimer();
    if (until === null) return;
    // Not unref'd: Electron's app.quit() decides when the app ends, not pending timers.
    this.#dndTimer = this.#clock.setTimeout(
      () => {
        this.#dndTimer = null;
        this.render();
      },
      Math.min(Math.max(0, until - now) + 1_000, MAX_TIMER_MS),
    );
  }

  #cancelDndTimer(): void {
    if (!this.#dndTimer) return;
    this.#clock.clearTimeout(this.#dndTimer);
    this.#dndTimer = null;
  }
}

/** Structural equality; a change the tray does not display (nextAttemptAt) renders nothing new. */
function sameConnection(a: ConnectionView, b: ConnectionView): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
