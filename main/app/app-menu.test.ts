import { describe, expect, test } from 'vitest';
import { applicationMenuTemplate, setupApplicationMenu, type AppMenuItem } from './app-menu.ts';

test('packaged builds drop Reload and DevTools: no menu, or only App and Edit on macOS', () => {
  expect(applicationMenuTemplate({ platform: 'win32', isPackaged: true })).toBeNull();
  expect(applicationMenuTemplate({ platform: 'linux', isPackaged: true })).toBeNull();
  expect(applicationMenuTemplate({ platform: 'darwin', isPackaged: true })).toEqual([
    { role: 'appMenu' },
    { role: 'editMenu' },
  ]);
  expect(applicationMenuTemplate({ platform: 'linux', isPackaged: false })).toBeUndefined();
});

describe('setupApplicationMenu, with a FAKE Menu and dock', () => {
  function run(platform: NodeJS.Platform, isPackaged: boolean) {
    const calls: string[] = [];
    setupApplicationMenu<AppMenuItem[]>({
      platform,
      isPackaged,
      menu: {
        setApplicationMenu: (menu) => void calls.push(`set ${JSON.stringify(menu)}`),
        buildFromTemplate: (template) => template,
      },
      dock: { hide: () => void calls.push('dock hidden') },
    });
    return calls;
  }

  test('packaged on Windows and Linux: the menu is removed', () => {
    expect(run('win32', true)).toEqual(['set null']);
    expect(run('linux', true)).toEqual(['set null']);
  });

  test('macOS: no Dock icon, and only the App and Edit menus', () => {
    expect(run('darwin', true)).toEqual([
      'dock hidden',
      'set [{"role":"appMenu"},{"role":"editMenu"}]',
    ]);
  });

  test("development keeps Electron's default menu", () => {
    expect(run('linux', false)).toEqual([]);
    expect(run('darwin', false)).toEqual(['dock hidden']);
  });
});
