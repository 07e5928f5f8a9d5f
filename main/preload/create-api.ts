/**
 * Builds `window.herald` from a transport; the preload (index.ts) passes ipcRenderer. The
 * Chromium tests run the built preload itself (e2e/support/sandboxed-preload.ts). No
 * `electron` here.
 */
import { IpcChannel, type ApiTransport, type HeraldApi } from '../../core/desktop-api.ts';

export function createHeraldApi(transport: ApiTransport): HeraldApi {
  const { invoke, on } = transport;
  return {
    getInbox: () => invoke(IpcChannel.getInbox),
    setRead: (id, read) => invoke(IpcChannel.setRead, id, read),
    setDone: (id, done) => invoke(IpcChannel.setDone, id, done),
    deleteItem: (id) => invoke(IpcChannel.deleteItem, id),
    acknowledge: (id) => invoke(IpcChannel.acknowledge, id),
    chooseAction: (id, actionId) => invoke(IpcChannel.chooseAction, id, actionId),
    markAllRead: (kind) =>
      kind === undefined ? invoke(IpcChannel.markAllRead) : invoke(IpcChannel.markAllRead, kind),
    openLink: (id) => invoke(IpcChannel.openLink, id),
    getConnection: () => invoke(IpcChannel.getConnection),
    reconnect: () => invoke(IpcChannel.reconnect),
    getSettings: () => invoke(IpcChannel.getSettings),
    saveSettings: (update) => invoke(IpcChannel.saveSettings, update),
    testConnection: (request) => invoke(IpcChannel.testConnection, request),
    setDnd: (choice) => invoke(IpcChannel.setDnd, choice),
    chooseCaFile: () => invoke(IpcChannel.chooseCaFile),
    openLogFolder: () => invoke(IpcChannel.openLogFolder),
    openSettings: () => invoke(IpcChannel.openSettings),
    onInboxChanged: (listener) => on(IpcChannel.inboxChanged, listener),
    onConnectionChanged: (listener) => on(IpcChannel.connectionChanged, listener),
    onSettingsChanged: (listener) => on(IpcChannel.settingsChanged, listener),
    onFocusItem: (listener) => on(IpcChannel.focusItem, listener),
  };
}
