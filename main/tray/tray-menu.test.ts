import { describe, expect, it, vi } from 'vitest';
import type { DndChoice } from '../../core/notification-policy.ts';
import {
  TrayMenuId,
  findMenuItem,
  trayMenuModel,
  trayMenuTemplate,
  type TrayActions,
} from './tray-menu.ts';
import type { TrayStateInput } from './tray-state.ts';

const NOW = new Date(2026, 10, 27, 14, 5).getTime();

function input(overrides: Partial<TrayStateInput> = {}): TrayStateInput {
  return {
    connection: { state: 'online', jid: 'alice@example.com' },
    unread: 0,
    dndUntil: null,
    now: NOW,
    startAtLogin: false,
    platform: 'linux',
    language: 'en',
    ...overrides,
  };
}

function recordingActions() {
  const calls: string[] = [];
  const actions: TrayActions = {
    openInbox: () => calls.push('openInbox'),
    setDnd: (choice: DndChoice) => calls.push(`setDnd:${choice}`),
    reconnect: () => calls.push('reconnect'),
    openSettings: () => calls.push('openSettings'),
    setStartAtLogin: (enabled) => calls.push(`setStartAtLogin:${enabled}`),
    quit: () => calls.push('quit'),
  };
  return { actions, calls };
}

function click(template: ReturnType<typeof trayMenuTemplate>, id: string): void {
  const item = findMenuItem(template, id);
  expect(item, id).toBeDefined();
  expect(item!.click, `${id} has a handler`).toBeTypeOf('function');
  item!.click!();
}

describe('trayMenuTemplate', () => {
  it('lists the entries in order, in English', () => {
    const { actions } = recordingActions();
    const labels = trayMenuModel(trayMenuTemplate(input(), actions)).map(
      (item) => item.label ?? '---',
    );
    expect(labels).toEqual([
      'Online as alice@example.com',
      '---',
      'Open Inbox',
      'Do Not Disturb',
      'Reconnect',
      'Settings…',
      'Start at Login',
      '---',
      'Quit Herald',
    ]);
  });

  it('lists the same entries in Simplified Chinese', () => {
    const { actions } = recordingActions();
    const template = trayMenuTemplate(input({ language: 'zh-CN' }), actions);
    expect(trayMenuModel(template).map((item) => item.label ?? '---')).toEqual([
      '在线：alice@example.com',
      '---',
      '打开收件箱',
      '免打扰',
      '重新连接',
      '设置…',
      '登录时启动',
      '---',
      '退出 Herald',
    ]);
    const dnd = findMenuItem(template, TrayMenuId.dnd)!.submenu!.map((item) => item.label);
    expect(dnd).toEqual(['1 小时', '直到明天早上', '关闭']);
  });

  it('always offers Open Inbox and Quit, whatever the state (electron#36333)', () => {
    const { actions } = recordingActions();
    for (const connection of [
      { state: 'unconfigured' },
      { state: 'offline' },
      { state: 'error', problem: { code: 'other', params: { detail: 'boom' } } },
      { state: 'connecting' },
    ] as const) {
      const template = trayMenuTemplate(input({ connection }), actions);
      expect(findMenuItem(template, TrayMenuId.openInbox)?.enabled).not.toBe(false);
      expect(findMenuItem(template, TrayMenuId.quit)?.enabled).not.toBe(false);
    }
  });

  it('calls the injected actions', () => {
    const { actions, calls } = recordingActions();
    const template = trayMenuTemplate(input({ startAtLogin: true }), actions);
    for (const id of [
      TrayMenuId.openInbox,
      TrayMenuId.dndOneHour,
      TrayMenuId.dndTomorrow,
      TrayMenuId.dndOff,
      TrayMenuId.reconnect,
      TrayMenuId.settings,
      TrayMenuId.startAtLogin,
      TrayMenuId.quit,
    ])
      click(template, id);
    expect(calls).toEqual([
      'openInbox',
      'setDnd:1h',
      'setDnd:tomorrow',
      'setDnd:off',
      'reconnect',
      'openSettings',
      'setStartAtLogin:false',
      'quit',
    ]);
  });

  it('checks Start at Login from the state and toggles it', () => {
    const setStartAtLogin = vi.fn();
    const { actions } = recordingActions();
    const template = trayMenuTemplate(input({ startAtLogin: false }), {
      ...actions,
      setStartAtLogin,
    });
    const item = findMenuItem(template, TrayMenuId.startAtLogin)!;
    expect(item).toMatchObject({ type: 'checkbox', checked: false });
    item.click!();
    expect(setStartAtLogin).toHaveBeenCalledWith(true);
  });

  it('checks Off and shows no end time when do-not-disturb is off', () => {
    const { actions } = recordingActions();
    const submenu = findMenuItem(trayMenuTemplate(input(), actions), TrayMenuId.dnd)!.submenu!;
    expect(submenu.filter((item) => item.checked).map((item) => item.id)).toEqual([
      TrayMenuId.dndOff,
    ]);
    expect(findMenuItem(submenu, TrayMenuId.dndUntil)).toBeUndefined();
  });

  it('checks the active do-not-disturb entry and shows "until HH:MM"', () => {
    const { actions } = recordingActions();
    const oneHour = trayMenuTemplate(
      input({ dndUntil: new Date(2026, 10, 27, 15, 5).getTime() }),
      actions,
    );
    const dnd = findMenuItem(oneHour, TrayMenuId.dnd)!;
    expect(dnd.label).toBe('Do Not Disturb (15:05)');
    expect(findMenuItem(oneHour, TrayMenuId.dndUntil)).toMatchObject({
      label: 'On until 15:05',
      enabled: false,
    });
    expect(dnd.submenu!.filter((item) => item.checked).map((item) => item.id)).toEqual([
      TrayMenuId.dndOneHour,
    ]);

    const tomorrow = trayMenuTemplate(
      input({ dndUntil: new Date(2026, 10, 28, 8, 0).getTime(), language: 'zh-CN' }),
      actions,
    );
    expect(findMenuItem(tomorrow, TrayMenuId.dndUntil)?.label).toBe('已开启，至 08:00');
    expect(findMenuItem(tomorrow, TrayMenuId.dndTomorrow)?.checked).toBe(true);
    expect(findMenuItem(tomorrow, TrayMenuId.dndOneHour)?.checked).toBe(false);
  });

  it('disables Reconnect until an account is set up', () => {
    const { actions } = recordingActions();
    const template = trayMenuTemplate(input({ connection: { state: 'unconfigured' } }), actions);
    expect(findMenuItem(template, TrayMenuId.reconnect)?.enabled).toBe(false);
    expect(findMenuItem(template, TrayMenuId.status)?.label).toBe('Not set up');
  });

  it('drops handlers from the model, so it can be compared and sent over IPC', () => {
    const { actions } = recordingActions();
    const model = trayMenuModel(trayMenuTemplate(input(), actions));
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(JSON.stringify(model)).not.toContain('click');
  });
});
