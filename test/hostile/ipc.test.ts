/**
 * Hostile-input suite, IPC: a compromised inbox page calling main's invoke channels with
 * wrong types, unknown ids, huge payloads and prototype-pollution shaped objects. The calls go
 * through the real registration (main/ipc/ipc-handlers.ts, with our own page as the sender) into
 * the real app service (real inbox.sqlite, real settings file). Every case asserts the exact
 * answer (a clear error, `false`, or a field error) and that the inbox, the settings, the
 * announced events and what was opened did not change.
 * main/app-service.test.ts and main/ipc/ipc-handlers.test.ts cover the basic wrong types.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IpcChannel, type InvokeChannel } from '../../core/desktop-api.ts';
import { createAppService, type AppService } from '../../main/app-service.ts';
import { registerInvokeHandlers, type IpcMainLike } from '../../main/ipc/ipc-handlers.ts';
import { makePush } from '../support/pushes.ts';
import { testAppServiceDeps } from '../support/app-service.ts';
import { fieldProblemText } from '../../shared/i18n/field-errors.ts';

const TEN_MB = 10 * 1024 * 1024;
const rendererDir = '/opt/Herald/resources/app.asar/out/renderer';
const ownPage = { url: pathToFileURL(join(rendererDir, 'index.html')).href, parent: null };

let dataDir: string;
let service: AppService;
const opened: string[] = [];
const events: string[] = [];
const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>();

/** What a page's `ipcRenderer.invoke(channel, ...args)` reaches in main. */
function invoke(channel: InvokeChannel, ...args: unknown[]): Promise<unknown> {
  const listener = listeners.get(channel);
  if (!listener) throw new Error(`no handler for ${channel}`);
  return listener({ senderFrame: ownPage }, ...args);
}

const HOSTILE_LINKS = [
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:MsgBox(1)',
  'ms-settings:privacy',
  'smb://attacker.example/share',
  'http://user:pass@erp.example.com/',
  'https://erp.example.com@evil.example/',
  'not a url at all',
];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'herald-hostile-ipc-'));
  service = createAppService(
    testAppServiceDeps(dataDir, {
      openExternal: (url) => void opened.push(url),
      openLogFolder: () => void events.push('open-log-folder'),
      openSettingsWindow: () => void events.push('open-settings'),
      applyStartAtLogin: (enabled) => void events.push(`login-item:${enabled}`),
    }),
  );
  registerInvokeHandlers({
    ipc: {
      handle: (channel, listener) => void listeners.set(channel, listener),
      removeHandler: (channel) => void listeners.delete(channel),
    },
    handlers: service.handlers,
    renderer: { rendererDir, pages: ['index.html', 'settings.html'] },
  });
  service.storePush(makePush({ id: 'keep', title: 'Keep me', url: 'https://erp.example.com/1' }));
  // Items as a tampered or older inbox file could hold them: links the codec would never keep.
  HOSTILE_LINKS.forEach((url, index) => service.storePush(makePush({ id: `link-${index}`, url })));
  for (const name of [
    IpcChannel.inboxChanged,
    IpcChannel.settingsChanged,
    IpcChannel.focusItem,
    'unread',
  ] as const) {
    service.events.on(name, () => void events.push(name));
  }
});

afterAll(async () => {
  await service?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

let before: { inbox: unknown; settings: unknown };

async function state() {
  return {
    inbox: await service.handlers[IpcChannel.getInbox](),
    settings: await service.handlers[IpcChannel.getSettings](),
  };
}

/** Nothing changed: the inbox, the settings, the events main announced, what it opened. */
afterEach(async () => {
  expect(await state()).toEqual(before);
  expect(events).toEqual([]);
  expect(opened).toEqual([]);
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.prototype).not.toHaveProperty('startAtLogin');
});

// Taken once the seeded items are in, before each case.
beforeAll(async () => {
  before = await state();
});

describe('wrong types and shapes', () => {
  test.each([
    [
      'an id in an array',
      IpcChannel.setRead,
      [['keep'], true],
      'inbox:set-read: argument 1: the item id must be a string',
    ],
    [
      'a number for done',
      IpcChannel.setDone,
      ['keep', 1],
      'inbox:set-done: argument 2: done must be true or false',
    ],
    [
      'null for read',
      IpcChannel.setRead,
      ['keep', null],
      'inbox:set-read: argument 2: read must be true or false',
    ],
    [
      'no arguments at all',
      IpcChannel.setRead,
      [],
      'inbox:set-read: expected 2 argument(s), got 0',
    ],
    ['an empty id', IpcChannel.deleteItem, [''], 'inbox:delete: argument 1: the item id is empty'],
    [
      'an id object with toString',
      IpcChannel.openLink,
      [{ toString: (): string => 'keep' }],
      'inbox:open-link: argument 1: the item id must be a string',
    ],
    [
      'a kind named __proto__',
      IpcChannel.markAllRead,
      ['__proto__'],
      'inbox:mark-all-read: argument 1: the kind must be one of todo, news, notice',
    ],
    [
      'a do-not-disturb choice named constructor',
      IpcChannel.setDnd,
      ['constructor'],
      'settings:set-dnd: argument 1: do-not-disturb must be "1h", "tomorrow" or "off"',
    ],
    [
      'an array as the settings update',
      IpcChannel.saveSettings,
      [[{ startAtLogin: true }]],
      'settings:save: argument 1: the settings update must be an object',
    ],
    [
      'a string as the connection test account',
      IpcChannel.testConnection,
      [{ account: 'alice@example.com' }],
      'settings:test-connection: argument 1: the account must be an object',
    ],
    [
      'a number as the connection test password',
      IpcChannel.testConnection,
      [{ account: {}, password: 1234 }],
      'settings:test-connection: argument 1: the password must be a string',
    ],
    [
      'a number as the action id',
      IpcChannel.chooseAction,
      ['keep', 1],
      'inbox:choose-action: argument 2: the action id must be a string',
    ],
    [
      'a 65-character action id',
      IpcChannel.chooseAction,
      ['keep', 'a'.repeat(65)],
      'inbox:choose-action: argument 2: the action id is longer than 64 characters',
    ],
    [
      'no action id',
      IpcChannel.chooseAction,
      ['keep'],
      'inbox:choose-action: expected 2 argument(s), got 1',
    ],
    [
      'an id in an array to acknowledge',
      IpcChannel.acknowledge,
      [['keep']],
      'inbox:acknowledge: argument 1: the item id must be a string',
    ],
    [
      'a path handed to the CA file dialog',
      IpcChannel.chooseCaFile,
      ['/etc/shadow'],
      'settings:choose-ca-file: expected at most 0 argument(s), got 1',
    ],
  ] as const)('%s is refused', async (_name, channel, args, message) => {
    await expect(invoke(channel, ...args)).rejects.toThrow(message);
  });

  test('a circular object is refused as not plain data', async () => {
    const circular: Record<string, unknown> = { language: 'en' };
    circular.self = circular;
    await expect(invoke(IpcChannel.saveSettings, circular)).rejects.toThrow(
      'settings:save: arguments must be plain data',
    );
  });

  test('a BigInt is refused as not plain data', async () => {
    await expect(invoke(IpcChannel.setRead, 'keep', 1n)).rejects.toThrow(
      'inbox:set-read: arguments must be plain data',
    );
  });
});

describe('unknown ids', () => {
  test.each([
    [IpcChannel.setRead, ['no-such-item', true]],
    [IpcChannel.setDone, ['no-such-item', true]],
    [IpcChannel.deleteItem, ['no-such-item']],
    [IpcChannel.openLink, ['no-such-item']],
    [IpcChannel.deleteItem, ['__proto__']],
    [IpcChannel.openLink, ['constructor']],
    [IpcChannel.setRead, ['keep\u0000', true]],
    [IpcChannel.acknowledge, ['no-such-item']],
    [IpcChannel.chooseAction, ['no-such-item', 'approve']],
    [IpcChannel.chooseAction, ['keep', '__proto__']],
  ] as const)('%s %j answers false', async (channel, args) => {
    expect(await invoke(channel, ...args)).toBe(false);
  });

  test('a notification click naming an unknown id shows nothing', async () => {
    expect(await service.focusItem('no-such-item')).toBe(false);
  });
});

describe('huge payloads', () => {
  test('a 10 MB id is refused by size before anything looks it up', async () => {
    await expect(invoke(IpcChannel.deleteItem, 'x'.repeat(TEN_MB))).rejects.toThrow(
      `inbox:delete: arguments are ${TEN_MB + 4} bytes, more than the 65536 allowed`,
    );
  });

  test('a 10 MB password in a settings update is refused by size', async () => {
    await expect(invoke(IpcChannel.saveSettings, { password: 'p'.repeat(TEN_MB) })).rejects.toThrow(
      /^settings:save: arguments are \d+ bytes, more than the 65536 allowed$/,
    );
  });

  test('50,000 system JIDs are refused by size', async () => {
    const account = {
      jid: 'a@example.com',
      host: '',
      port: null,
      tlsMode: 'starttls',
      systemJids: Array.from({ length: 50_000 }, (_, i) => `n${i}@example.com`),
    };
    await expect(invoke(IpcChannel.saveSettings, { account })).rejects.toThrow(
      /more than the 65536 allowed/,
    );
  });

  test('51 system JIDs within the size limit are a field error', async () => {
    const account = {
      jid: 'a@example.com',
      host: '',
      port: null,
      tlsMode: 'starttls',
      systemJids: Array.from({ length: 51 }, (_, i) => `n${i}@example.com`),
    };
    const answer = await invoke(IpcChannel.saveSettings, { account });
    const tooMany = { code: 'systemJids.tooMany', params: { max: 50 } } as const;
    expect(answer).toEqual({ ok: false, errors: [{ field: 'account.systemJids', ...tooMany }] });
    // What the settings form shows for it.
    expect(fieldProblemText('en', tooMany)).toBe('At most 50 system JIDs');
  });
});

describe('prototype-pollution shaped objects (as JSON.parse or a structured clone makes them)', () => {
  const account = {
    jid: 'a@example.com',
    host: '',
    port: null,
    tlsMode: 'starttls',
    systemJids: ['n@example.com'],
  };
  test.each([
    ['a top-level __proto__', '{"__proto__": {"startAtLogin": true, "polluted": 1}}', '__proto__'],
    [
      'a top-level constructor.prototype',
      '{"constructor": {"prototype": {"polluted": 1}}}',
      'constructor',
    ],
    [
      '__proto__ inside notifications',
      '{"notifications": {"__proto__": {"hideContent": true}}}',
      'notifications.__proto__',
    ],
    [
      '__proto__ next to a valid setting',
      '{"language": "zh-CN", "__proto__": {"polluted": 1}}',
      '__proto__',
    ],
  ])('%s is an unknown setting and nothing is saved', async (_name, json, field) => {
    expect(await invoke(IpcChannel.saveSettings, JSON.parse(json))).toEqual({
      ok: false,
      errors: [{ field, code: 'setting.unknown', params: {} }],
    });
  });

  test('__proto__ inside the account is an unknown account field', async () => {
    const update = JSON.parse(
      `{"account": ${JSON.stringify(account).replace('{', '{"__proto__": {"polluted": 1},')}}`,
    );
    expect(await invoke(IpcChannel.saveSettings, update)).toEqual({
      ok: false,
      errors: [{ field: 'account.__proto__', code: 'setting.unknown', params: {} }],
    });
  });

  test('__proto__ inside retention is an unknown retention field', async () => {
    const update = JSON.parse(
      '{"retention": {"maxItems": 500, "maxAgeDays": 30, "__proto__": {"polluted": 1}}}',
    );
    expect(await invoke(IpcChannel.saveSettings, update)).toEqual({
      ok: false,
      errors: [{ field: 'retention.__proto__', code: 'setting.unknown', params: {} }],
    });
  });

  test('a connection test account made of __proto__ is invalid, and nothing connects', async () => {
    const request = JSON.parse(
      '{"account": {"__proto__": {"jid": "a@example.com"}}, "password": "x"}',
    );
    expect(await invoke(IpcChannel.testConnection, request)).toEqual({
      ok: false,
      kind: 'invalid',
      problem: { code: 'jid.type', params: {} },
    });
  });
});

describe('links the inbox file should never have held', () => {
  test.each(HOSTILE_LINKS.map((url, index) => [url, `link-${index}`]))(
    'open-link for %j opens nothing',
    async (_url, id) => {
      expect(await invoke(IpcChannel.openLink, id)).toBe(false);
    },
  );
});
