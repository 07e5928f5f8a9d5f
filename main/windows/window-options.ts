/**
 * Options of the app's two windows, from one pure function (as Fiddle's
 * getMainWindowOptions): the security settings are written out even where they are
 * Electron's defaults, so a reader (and the test) sees them. Type-only Electron import.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { join } from 'node:path';

export type WindowKind = 'inbox' | 'settings';

/** The renderer page each window loads (out/renderer/…, or the dev server's path). */
export const WINDOW_PAGES: Record<WindowKind, string> = {
  inbox: 'index.html',
  settings: 'settings.html',
};

export interface WindowPaths {
  /** out/: holds preload/index.cjs and renderer/. */
  outDir: string;
  /** Window icon (Windows and Linux; macOS takes the bundle's). */
  icon?: string;
}

export function preloadPath(outDir: string): string {
  return join(outDir, 'preload', 'index.cjs');
}

export function windowOptions(
  kind: WindowKind,
  platform: NodeJS.Platform,
  paths: WindowPaths,
): BrowserWindowConstructorOptions {
  const size =
    kind === 'inbox'
      ? { width: 420, height: 640, minWidth: 340, minHeight: 420 }
      : { width: 560, height: 680, minWidth: 480, minHeight: 520 };
  return {
    ...size,
    title: kind === 'inbox' ? 'Herald' : 'Herald Settings',
    // Shown on 'ready-to-show', never half-painted; a tray app starts hidden anyway.
    show: false,
    center: true,
    autoHideMenuBar: platform !== 'darwin',
    ...(kind === 'settings' && { maximizable: false, fullscreenable: false }),
    ...(platform !== 'darwin' && paths.icon !== undefined && { icon: paths.icon }),
    webPreferences: {
      preload: preloadPath(paths.outDir),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** Where a window's page comes from: the built file, or the dev server in development. */
export function pageSource(
  kind: WindowKind,
  location: { outDir: string; devServerUrl?: string },
): { file: string } | { url: string } {
  const page = WINDOW_PAGES[kind];
  if (location.devServerUrl) return { url: new URL(page, withSlash(location.devServerUrl)).href };
  return { file: join(location.outDir, 'renderer', page) };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
