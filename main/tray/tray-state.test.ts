import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../core/desktop-api.ts';
import { dndUntil } from '../../core/notification-policy.ts';
import {
  TOOLTIP_MAX,
  activeDndChoice,
  trayIconFile,
  trayState,
  type TrayStateInput,
} from './tray-state.ts';

// Local wall-clock times, so the expectations hold in any time zone the tests run in.
const NOW = new Date(2026, 10, 27, 14, 5).getTime();
const online: ConnectionView = { state: 'online', jid: 'alice@example.com' };

function input(overrides: Partial<TrayStateInput> = {}): TrayStateInput {
  return {
    connection: online,
    unread: 0,
    dndUntil: null,
    now: NOW,
    startAtLogin: false,
    platform: 'linux',
    language: 'en',
    ...overrides,
  };
}

describe('trayState', () => {
  it('maps every connection state to an icon; unread only shows while online', () => {
    const cases: [ConnectionView, number, string][] = [
      [online, 0, 'online'],
      [online, 3, 'unread'],
      [{ state: 'connecting' }, 0, 'connecting'],
      [{ state: 'reconnecting', attempt: 2, nextAttemptAt: NOW, problem: null }, 5, 'connecting'],
      [{ state: 'offline' }, 5, 'offline'],
      [
        {
          state: 'error',
          problem: { code: 'connection-refused', params: { detail: 'ECONNREFUSED' } },
        },
        0,
        'offline',
      ],
      [{ state: 'auth-failed', problem: { code: 'auth-failed', params: {} } }, 0, 'offline'],
      [{ state: 'unconfigured' }, 0, 'offline'],
    ];
    for (const [connection, unread, icon] of cases) {
      expect(trayState(input({ connection, unread })).icon, connection.state).toBe(icon);
    }
  });

  it('names a file per platform: template PNG on macOS, ICO on Windows, PNG on Linux', () => {
    expect(trayIconFile('unread', 'darwin')).toBe('tray-unreadTemplate.png');
    expect(trayIconFile('online', 'win32')).toBe('tray-online.ico');
    expect(trayIconFile('offline', 'linux')).toBe('tray-offline.png');
    expect(trayState(input({ platform: 'darwin' })).iconFile).toBe('tray-onlineTemplate.png');
  });

  it('puts status and unread count in the tooltip and the badge', () => {
    const view = trayState(input({ unread: 3 }));
    expect(view.tooltip).toBe('Herald — Online as alice@example.com\n3 unread messages');
    expect(view.badgeCount).toBe(3);
    expect(trayState(input({ unread: 1 })).tooltip).toContain('1 unread message');
    expect(trayState(input({ unread: 0 })).tooltip).toContain('No unread messages');
    expect(trayState(input({ unread: -2 })).badgeCount).toBe(0);
  });

  it('speaks Simplified Chinese', () => {
    const view = trayState(input({ language: 'zh-CN', unread: 12 }));
    expect(view.tooltip).toBe('Herald — 在线：alice@example.com\n12 条未读消息');
    const reconnecting = trayState(
      input({
        language: 'zh-CN',
        connection: { state: 'reconnecting', attempt: 3, nextAttemptAt: NOW, problem: null },
      }),
    );
    expect(reconnecting.statusText).toBe('正在重新连接（第 3 次）…');
    const refused = trayState(
      input({
        language: 'zh-CN',
        connection: {
          state: 'error',
          problem: {
            code: 'connection-refused',
            params: { detail: 'connect ECONNREFUSED ::1' },
            cause: 'ECONNREFUSED',
          },
        },
      }),
    );
    // The OS's English message stays in the log: the tray words its code.
    expect(refused.statusText).toBe('连接错误：无法连接服务器：连接被拒绝（该端口不接受连接）');
  });

  it('keeps tooltips within the Windows limit even with a long error', () => {
    // A message of any length stays out of the tray (it words the cause); the words are cut.
    const problem = {
      code: 'connection-refused',
      params: { detail: 'x'.repeat(500) },
      cause: 'ECONNREFUSED',
    } as const;
    const view = trayState(input({ connection: { state: 'error', problem } }));
    expect(view.tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX);
    expect(view.statusText).toMatch(
      /^Connection error: server unreachable: connection refused .*…$/,
    );
    expect(view.statusText).not.toContain('xxx');
  });

  it('shows an active do-not-disturb with its end time; an expired one is off', () => {
    const until = new Date(2026, 10, 27, 15, 5).getTime();
    const view = trayState(input({ dndUntil: until }));
    expect(view.dnd).toEqual({ choice: '1h', until, untilText: '15:05' });
    expect(view.tooltip.split('\n')[2]).toBe('Do not disturb until 15:05');
    expect(trayState(input({ dndUntil: NOW - 1 })).dnd).toEqual({
      choice: 'off',
      until: null,
      untilText: null,
    });
  });

  it('infers which do-not-disturb entry is active from the core presets', () => {
    expect(activeDndChoice(dndUntil('1h', NOW), NOW)).toBe('1h');
    expect(activeDndChoice(dndUntil('tomorrow', NOW), NOW)).toBe('tomorrow');
    expect(activeDndChoice(dndUntil('off', NOW), NOW)).toBe('off');
    // Chosen at 07:00 sharp, an hour ends at 08:00 on the dot: indistinguishable, and harmless.
    const late = new Date(2026, 10, 27, 23, 30).getTime();
    expect(activeDndChoice(dndUntil('1h', late), late)).toBe('1h');
  });
});
