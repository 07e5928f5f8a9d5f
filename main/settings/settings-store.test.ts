/** Settings on a real conf file: defaults, each migration, and damaged files. */
import { afterEach, describe, expect, test } from 'vitest';
import Conf from 'conf';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultSettings,
  MIGRATIONS,
  migrateSettings,
  readStoredSettings,
  SETTINGS_VERSION,
} from './settings-schema.ts';
import { openStoreResiliently, SettingsStore } from './settings-store.ts';
import { FakeClock } from '../../test/support/fake-clock.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function settingsFile(content?: unknown) {
  const dir = await mkdtemp(join(tmpdir(), 'herald-settings-'));
  dirs.push(dir);
  const file = join(dir, 'settings.json');
  if (content !== undefined) {
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
  const open = () => {
    const problems: string[] = [];
    const store = new SettingsStore({
      store: new Conf({ cwd: dir, configName: 'settings' }),
      onProblem: (message) => problems.push(message),
    });
    return { store, problems };
  };
  return { file, open };
}

const account = {
  jid: 'alice@example.com',
  host: 'xmpp.example.com',
  port: 5222,
  tlsMode: 'starttls',
  systemJids: ['notify@example.com'],
  caFile: null,
};

describe('defaults', () => {
  test('a missing file gives the defaults and writes nothing until something changes', async () => {
    const { file, open } = await settingsFile();
    const { store, problems } = open();
    expect(store.get()).toEqual({
      account: { jid: '', host: '', port: null, tlsMode: 'starttls', systemJids: [], caFile: null },
      notifications: {
        dndUntil: null,
        urgentBreaksDnd: true,
        hideContent: false,
        reminderMinutes: 5,
      },
      startAtLogin: false,
      language: 'system',
      retention: { maxItems: 10_000, maxAgeDays: 90 },
    });
    expect(problems).toEqual([]);
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  test('changes are written with the schema version and read back', async () => {
    const { file, open } = await settingsFile();
    open().store.update({ language: 'zh-CN', account: { ...account, tlsMode: 'direct-tls' } });
    open().store.setDndUntil(1_800_000_000_000);
    const stored = JSON.parse(await readFile(file, 'utf8'));
    expect(stored).toMatchObject({
      schemaVersion: SETTINGS_VERSION,
      language: 'zh-CN',
      account: { jid: 'alice@example.com', tlsMode: 'direct-tls' },
      notifications: { dndUntil: 1_800_000_000_000 },
    });
    const { store, problems } = open();
    expect(store.get().language).toBe('zh-CN');
    expect(store.get().notifications.dndUntil).toBe(1_800_000_000_000);
    expect(problems).toEqual([]);
  });

  test('get() hands out copies', async () => {
    const { open } = await settingsFile();
    const { store } = open();
    store.get().account.systemJids.push('x@y');
    expect(store.get().account.systemJids).toEqual([]);
  });
});

describe('migrations', () => {
  test('there is one step per version', () => {
    expect(Object.keys(MIGRATIONS).map(Number)).toEqual(
      Array.from({ length: SETTINGS_VERSION }, (_, i) => i + 1),
    );
  });

  test('0 → 1: a service URL becomes host, port and TLS mode; one system JID becomes a list', () => {
    expect(
      MIGRATIONS[1]!({
        account: {
          jid: 'alice@example.com',
          service: 'xmpps://chat.example.com:5223',
          systemJid: 'notify@example.com',
        },
      }),
    ).toEqual({
      account: {
        jid: 'alice@example.com',
        host: 'chat.example.com',
        port: 5223,
        tlsMode: 'direct-tls',
        systemJids: ['notify@example.com'],
      },
    });
    expect(MIGRATIONS[1]!({ account: { service: 'xmpp://h', systemJid: '' } })).toEqual({
      account: { host: 'h', port: null, tlsMode: 'starttls', systemJids: [] },
    });
    expect(MIGRATIONS[1]!({ language: 'en' })).toEqual({ language: 'en' });
  });

  test('1 → 2: retention age in ms becomes days; the short zh locale becomes zh-CN', () => {
    expect(
      MIGRATIONS[2]!({ retention: { maxItems: 500, maxAgeMs: 30 * 86_400_000 }, language: 'zh' }),
    ).toEqual({ retention: { maxItems: 500, maxAgeDays: 30 }, language: 'zh-CN' });
    expect(MIGRATIONS[2]!({ language: 'zh_CN' })).toEqual({ language: 'zh-CN' });
    expect(MIGRATIONS[2]!({ language: 'en' })).toEqual({ language: 'en' });
  });

  test('2 → 3: an account gets no CA file; one that names a file keeps it', () => {
    expect(MIGRATIONS[3]!({ account: { jid: 'alice@example.com' } })).toEqual({
      account: { jid: 'alice@example.com', caFile: null },
    });
    expect(MIGRATIONS[3]!({ account: { caFile: '/etc/ca.pem' } })).toEqual({
      account: { caFile: '/etc/ca.pem' },
    });
    expect(MIGRATIONS[3]!({ language: 'en' })).toEqual({ language: 'en' });
  });

  test('a version 2 file is read without problems and gains caFile: null', async () => {
    const { open } = await settingsFile({
      schemaVersion: 2,
      account: {
        jid: 'alice@example.com',
        host: '',
        port: null,
        tlsMode: 'starttls',
        systemJids: ['notify@example.com'],
      },
    });
    const { store, problems } = open();
    expect(store.get().account.caFile).toBeNull();
    expect(problems).toEqual([]);
  });

  test('an unversioned file on disk is migrated all the way and read', async () => {
    const { open } = await settingsFile({
      account: {
        jid: 'alice@example.com',
        service: 'xmpp://xmpp.example.com:5222',
        systemJid: 'notify@example.com',
      },
      retention: { maxItems: 2000, maxAgeMs: 7 * 86_400_000 },
      language: 'zh',
    });
    const { store, problems } = open();
    expect(store.get()).toMatchObject({
      account,
      retention: { maxItems: 2000, maxAgeDays: 7 },
      language: 'zh-CN',
    });
    expect(problems).toEqual([]);
  });

  test('a file from a newer app is read as far as it fits, not migrated', () => {
    const result = migrateSettings({ schemaVersion: SETTINGS_VERSION + 1, language: 'en' });
    expect(result.version).toBe(SETTINGS_VERSION + 1);
    expect(result.problems).toEqual([expect.stringMatching(/newer than this app/)]);
    expect(readStoredSettings({ schemaVersion: 99, language: 'en' }).settings.language).toBe('en');
  });
});

describe('damaged files', () => {
  test('invalid values fall back to their defaults and keep everything else', async () => {
    const { open } = await settingsFile({
      schemaVersion: SETTINGS_VERSION,
      account,
      notifications: { dndUntil: 'soon', urgentBreaksDnd: false, hideContent: 'yes' },
      startAtLogin: 'sometimes',
      language: 'klingon',
      retention: { maxItems: 3, maxAgeDays: 30 },
    });
    const { store, problems } = open();
    expect(store.get()).toEqual({
      account,
      notifications: {
        dndUntil: null,
        urgentBreaksDnd: false,
        hideContent: false,
        reminderMinutes: 5,
      },
      startAtLogin: false,
      language: 'system',
      retention: { maxItems: 10_000, maxAgeDays: 30 },
    });
    expect(problems).toHaveLength(4);
  });

  test('an account that does not validate is dropped as a whole (it cannot half work)', () => {
    const { settings, problems } = readStoredSettings({
      schemaVersion: SETTINGS_VERSION,
      account: { ...account, jid: 'no at sign' },
      language: 'en',
    });
    expect(settings.account).toEqual(defaultSettings().account);
    expect(settings.language).toBe('en');
    expect(problems).toEqual(['settings.account was invalid and is back to its default']);
  });

  test('a file that is not JSON is moved aside, the defaults are used and saving works', async () => {
    const damaged = '{"account": {"jid": "alice@exa';
    const { file } = await settingsFile(damaged);
    const dir = join(file, '..');
    const problems: string[] = [];
    const conf = openStoreResiliently({
      open: () => new Conf({ cwd: dir, configName: 'settings' }),
      file,
      clock: new FakeClock(1234),
      onProblem: (message) => problems.push(message),
    });
    const store = new SettingsStore({ store: conf });
    expect(store.get()).toEqual(defaultSettings());
    expect(problems).toEqual([expect.stringMatching(/was unreadable .*moved to .*corrupt-1234/)]);
    expect(await readFile(`${file}.corrupt-1234`, 'utf8')).toBe(damaged);
    store.update({ startAtLogin: true });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ startAtLogin: true });
  });

  test('a store that throws when read gives the defaults', () => {
    const problems: string[] = [];
    const store = new SettingsStore({
      store: {
        get store(): Record<string, unknown> {
          throw new Error('EACCES');
        },
        set store(_value) {},
      },
      onProblem: (message) => problems.push(message),
    });
    expect(store.get()).toEqual(defaultSettings());
    expect(problems).toEqual(['settings unreadable, using defaults: EACCES']);
  });

  test('a file that holds a JSON array or null gives the defaults', () => {
    expect(readStoredSettings([1, 2]).settings).toEqual(defaultSettings());
    expect(readStoredSettings(null).settings).toEqual(defaultSettings());
  });
});
