/**
 * The sandboxed preload: exposes `window.herald` (one named method per operation) and
 * nothing else — never ipcRenderer itself, never a generic send. Bundled into one CJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_GLOBAL, type ApiTransport } from '../../core/desktop-api.ts';
import { createHeraldApi } from './create-api.ts';

const transport: ApiTransport = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => {
    // Hand the page the payload only, never the IpcRendererEvent (it carries the sender).
    const wrapped = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) =>
      listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(API_GLOBAL, createHeraldApi(transport));
