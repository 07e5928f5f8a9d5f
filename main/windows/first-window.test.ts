import { describe, expect, test } from 'vitest';
import type { AccountSettings } from '../../core/desktop-api.ts';
import { defaultSettings } from '../settings/settings-schema.ts';
import { firstWindow } from './first-window.ts';

const unconfigured = defaultSettings().account;
const account: AccountSettings = {
  ...unconfigured,
  jid: 'alice@example.com',
  systemJids: ['erp@example.com'],
};
const start = { account, hasPassword: true, launchedHidden: false, trayAvailable: true };

describe('firstWindow', () => {
  test('a first run, or an account without its password, opens Settings', () => {
    expect(firstWindow({ ...start, account: unconfigured })).toBe('settings');
    expect(firstWindow({ ...start, hasPassword: false })).toBe('settings');
    // Even at login: the user has to finish setting up before anything can arrive.
    expect(firstWindow({ ...start, hasPassword: false, launchedHidden: true })).toBe('settings');
  });

  test('a launch by the user opens the inbox', () => {
    expect(firstWindow(start)).toBe('inbox');
  });

  test('a start at login stays in the tray, unless there is no tray to live in', () => {
    expect(firstWindow({ ...start, launchedHidden: true })).toBeNull();
    expect(firstWindow({ ...start, launchedHidden: true, trayAvailable: false })).toBe('inbox');
  });
});
