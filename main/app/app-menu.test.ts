import { expect, test } from 'vitest';
import { applicationMenuTemplate } from './app-menu.ts';

test('packaged builds drop Reload and DevTools: no menu, or only App and Edit on macOS', () => {
  expect(applicationMenuTemplate({ platform: 'win32', isPackaged: true })).toBeNull();
  expect(applicationMenuTemplate({ platform: 'linux', isPackaged: true })).toBeNull();
  expect(applicationMenuTemplate({ platform: 'darwin', isPackaged: true })).toEqual([
    { role: 'appMenu' },
    { role: 'editMenu' },
  ]);
  expect(applicationMenuTemplate({ platform: 'linux', isPackaged: false })).toBeUndefined();
});
