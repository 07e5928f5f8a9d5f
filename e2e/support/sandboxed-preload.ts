/**
 * The BUILT preload (out/preload/index.cjs, `npx electron-vite build`) run in a plain Chromium
 * page as a sandboxed preload runs: before any page script, with `require('electron')` giving
 * only a contextBridge and an ipcRenderer. Both the Electron stand-in and the renderer harness
 * use this one bridge, so the page sees exactly the `window.herald` the app exposes.
 * - ipcRenderer.invoke calls the page binding INVOKE_BINDING(channel, args), which the test
 *   side answers (the stand-in's ipcMain, or the harness's app service);
 * - the test side delivers an event with DISPATCH_FUNCTION(channel, args), as webContents.send.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const BUILT_PRELOAD = fileURLToPath(new URL('../../out/preload/index.cjs', import.meta.url));
export const INVOKE_BINDING = '__heraldTestInvoke';
export const DISPATCH_FUNCTION = '__heraldTestDispatch';

/** What Electron rejects a page's invoke with: the page gets only this text. */
export function invokeErrorText(channel: string, error: unknown): string {
  return `Error invoking remote method '${channel}': ${String(error)}`;
}

/** The init script that runs the preload at `preloadPath` (default: the built one). */
export async function sandboxedPreloadScript(preloadPath = BUILT_PRELOAD): Promise<string> {
  if (!existsSync(preloadPath)) {
    throw new Error(`${preloadPath} is missing: run \`npx electron-vite build\``);
  }
  const code = await readFile(preloadPath, 'utf8');
  return `(() => {
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, ...args) => window.${INVOKE_BINDING}(channel, args),
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  Object.defineProperty(window, '${DISPATCH_FUNCTION}', {
    value: (channel, args) => {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener({}, ...args);
    },
  });
  // Like contextBridge: what is exposed is frozen, the page cannot replace or change it.
  const contextBridge = {
    exposeInMainWorld(name, api) {
      Object.defineProperty(window, name, { value: Object.freeze(api), enumerable: true });
    },
  };
  const require = (id) => {
    if (id === 'electron') return { contextBridge, ipcRenderer };
    throw new Error('a sandboxed preload cannot require ' + id);
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${code}
  })(require, module, module.exports);
})();`;
}
