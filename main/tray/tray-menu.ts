/**
 * The tray's context menu as a plain template (Mattermost's createTrayMenu): no Electron here,
 * the click handlers are the injected actions. `Menu.buildFromTemplate(template)` accepts it
 * as is (system-tray.ts does that through its injected buildMenu).
 *
 * Open Inbox and Quit are always in the menu: on Linux the tray's own click event is
 * unreliable or never fires under StatusNotifierItem/AppIndicator panels (electron#36333),
 * so the menu is the only dependable way in and out.
 */
import type { DndChoice } from '../../core/notification-policy.ts';
import { t } from '../i18n/i18n.ts';
import { trayState, type TrayStateInput } from './tray-state.ts';

export interface TrayActions {
  openInbox(): void;
  setDnd(choice: DndChoice): void;
  reconnect(): void;
  openSettings(): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

/** A subset of Electron's MenuItemConstructorOptions, assignable to it. */
export interface TrayMenuItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: TrayMenuItem[];
}

/** Stable ids, so tests and the e2e hook can find an entry without matching labels. */
export const TrayMenuId = {
  status: 'status',
  openInbox: 'open-inbox',
  dnd: 'dnd',
  dndUntil: 'dnd-until',
  dndOneHour: 'dnd-1h',
  dndTomorrow: 'dnd-tomorrow',
  dndOff: 'dnd-off',
  reconnect: 'reconnect',
  settings: 'settings',
  startAtLogin: 'start-at-login',
  quit: 'quit',
} as const;

export function trayMenuTemplate(input: TrayStateInput, actions: TrayActions): TrayMenuItem[] {
  const { language } = input;
  const view = trayState(input);
  const dndItem = (id: string, choice: DndChoice, label: string): TrayMenuItem => ({
    id,
    label,
    type: 'radio',
    checked: view.dnd.choice === choice,
    click: () => actions.setDnd(choice),
  });
  const dndSubmenu: TrayMenuItem[] = [];
  if (view.dnd.untilText !== null) {
    dndSubmenu.push(
      {
        id: TrayMenuId.dndUntil,
        label: t(language, 'menu.dnd.until', { time: view.dnd.untilText }),
        enabled: false,
      },
      { type: 'separator' },
    );
  }
  dndSubmenu.push(
    dndItem(TrayMenuId.dndOneHour, '1h', t(language, 'menu.dnd.oneHour')),
    dndItem(TrayMenuId.dndTomorrow, 'tomorrow', t(language, 'menu.dnd.tomorrow')),
    dndItem(TrayMenuId.dndOff, 'off', t(language, 'menu.dnd.off')),
  );
  const dndLabel =
    view.dnd.untilText === null
      ? t(language, 'menu.dnd')
      : `${t(language, 'menu.dnd')} (${view.dnd.untilText})`;

  return [
    // Linux panels show no tooltip, so the status is repeated here.
    { id: TrayMenuId.status, label: view.statusText, enabled: false },
    { type: 'separator' },
    { id: TrayMenuId.openInbox, label: t(language, 'menu.openInbox'), click: actions.openInbox },
    { id: TrayMenuId.dnd, label: dndLabel, type: 'submenu', submenu: dndSubmenu },
    {
      id: TrayMenuId.reconnect,
      label: t(language, 'menu.reconnect'),
      enabled: input.connection.state !== 'unconfigured',
      click: actions.reconnect,
    },
    { id: TrayMenuId.settings, label: t(language, 'menu.settings'), click: actions.openSettings },
    {
      id: TrayMenuId.startAtLogin,
      label: t(language, 'menu.startAtLogin'),
      type: 'checkbox',
      checked: input.startAtLogin,
      // Electron flips `checked` before calling click; the new value is the opposite of ours.
      click: () => actions.setStartAtLogin(!input.startAtLogin),
    },
    { type: 'separator' },
    { id: TrayMenuId.quit, label: t(language, 'menu.quit'), click: actions.quit },
  ];
}

/** Depth-first lookup by id (tests, the e2e hook). */
export function findMenuItem(items: readonly TrayMenuItem[], id: string): TrayMenuItem | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.submenu && findMenuItem(item.submenu, id);
    if (inner) return inner;
  }
  return undefined;
}

/** The template without its handlers: what a menu looks like, for change detection and e2e. */
export type TrayMenuModel = Omit<TrayMenuItem, 'click' | 'submenu'> & { submenu?: TrayMenuModel[] };

export function trayMenuModel(items: readonly TrayMenuItem[]): TrayMenuModel[] {
  return items.map(({ click: _click, submenu, ...rest }) =>
    submenu ? { ...rest, submenu: trayMenuModel(submenu) } : rest,
  );
}
