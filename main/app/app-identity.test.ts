import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_ID, appUserModelId } from './app-identity.ts';

describe('appUserModelId', () => {
  it('is the appId when packaged (the installer shortcut carries it)', () => {
    const execPath = 'C:\\Users\\li lei\\AppData\\Local\\Programs\\Herald\\Herald.exe';
    expect(appUserModelId({ isPackaged: true, execPath })).toBe('app.herald.desktop');
  });

  it('is the electron executable in development (the one pinned to Start)', () => {
    const execPath = 'C:\\dev\\my herald\\node_modules\\electron\\dist\\electron.exe';
    expect(appUserModelId({ isPackaged: false, execPath })).toBe(execPath);
  });

  it("matches electron-builder.yml's appId", () => {
    const config = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    expect(config).toMatch(new RegExp(`^appId: ${APP_ID.replaceAll('.', '\\.')}$`, 'm'));
  });
});
