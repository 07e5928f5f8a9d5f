/**
 * The desktop app's REAL composition root (the built out/main/index.js, out/preload and
 * out/renderer) under the Electron stand-in (./electron-stand-in/), against a real Prosody:
 * windows are Chromium pages, the tray, notifications and error boxes are recorded, and the
 * test clicks them as a user would. Run `npm run build` first (`npm run check` does).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { X509Certificate } from 'node:crypto';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { PushDraft } from '../core/push.ts';
import { serializePush } from '../core/push-codec.ts';
import { Inbox } from '../core/inbox.ts';
import { openSqliteInboxStorage } from '../core/sqlite-inbox-storage.ts';
import { findFreePort } from '../dev/net-util.ts';
import { startCallbackReceiver } from '../test/support/callback-receiver.ts';
import { useProsody, type Account } from '../test/support/fixture.ts';
import { gatewayApi, startGatewayWith } from '../test/support/gateway-api.ts';
import { docRequestBody } from '../test/support/pushing-doc.ts';
import { startSessionBus, startWatcher } from '../test/support/session-bus.ts';
import { mountSmallDisk, smallDiskUnavailable } from '../test/faults/support/small-disk.ts';
import {
  MAIN_ENTRY,
  STAND_IN_CHROMIUM_ARGS,
  StandInApp,
  type LaunchOptions,
} from './electron-stand-in/host.ts';
import { STAND_IN_ENV, type StandInState } from './electron-stand-in/protocol.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium.ts';

const prosody = useProsody();
let browser: Browser;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  if (!existsSync(MAIN_ENTRY)) throw new Error(`${MAIN_ENTRY} is missing: run \`npm run build\``);
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...STAND_IN_CHROMIUM_ARGS],
  });
}, 60_000);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(() => browser?.close());

/** A home folder of its own, so nothing reaches the real profile or autostart folder. */
async function newHome(): Promise<{ home: string; userData: string }> {
  const home = await mkdtemp(join(tmpdir(), 'herald-app-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  return { home, userData: join(home, '.config', 'Herald') };
}

function launch(
  home: string,
  userData: string,
  options: Partial<Omit<LaunchOptions, 'browser' | 'userData'>> = {},
): StandInApp {
  const app = StandInApp.launch({
    browser,
    userData,
    ...options,
    env: {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      // No session bus unless a test brings one: never the developer's own.
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      ...options.env,
    },
  });
  cleanups.push(() => app.dispose());
  return app;
}

/** Fills the account in Settings, picks the test server's private CA in the file dialog, saves. */
async function fillAccount(
  app: StandInApp,
  page: Page,
  user: Account,
  system: Account,
  options: { password?: string; caFile?: boolean } = {},
) {
  await page.getByLabel('Your account (JID)').fill(user.jid);
  await page.getByLabel('Password').fill(options.password ?? user.password);
  await page.getByLabel('Notification senders').fill(system.jid);
  await page.getByLabel('Port').fill(String(prosody.server.c2sPort));
  if (options.caFile ?? true) await chooseCaFile(app, page);
  await page.getByRole('button', { name: 'Save' }).click();
}

async function chooseCaFile(app: StandInApp, page: Page) {
  app.answerOpenDialog([prosody.server.caFile]);
  await page.getByRole('button', { name: 'Choose…' }).click();
  await expect
    .poll(() => page.getByLabel('CA certificate').inputValue())
    .toBe(prosody.server.caFile);
}

/** An error as the user reads it: the sentence, and the smaller technical detail under it. */
async function sentenceAndDetail(error: Locator): Promise<{ sentence: string; detail: string }> {
  const detail = await error.locator('[data-error-detail]').innerText();
  return { sentence: (await error.innerText()).replace(detail, '').trim(), detail };
}

/** The SHA-256 fingerprint of the certificate the test server presents. */
function serverFingerprint(): string {
  const { caFile, domain } = prosody.server;
  return new X509Certificate(readFileSync(join(dirname(caFile), `${domain}.crt`))).fingerprint256;
}

/** A first run with an account saved through Settings, online. */
async function launchConfigured(home: string, userData: string): Promise<StandInApp> {
  const user = await prosody.account('alice');
  const system = await prosody.account('notify');
  const app = launch(home, userData);
  await fillAccount(app, await app.visiblePage('settings.html'), user, system);
  await tooltip(app, 'Online');
  return app;
}

/** The windows' close buttons: they only hide. */
async function hideAllWindows(app: StandInApp): Promise<void> {
  for (const window of app.state.windows) app.closeWindow(window.id);
  await app.waitFor('every window hidden', (s) => s.windows.every((w) => !w.visible));
}

const tooltip = (app: StandInApp, text: string) =>
  app.waitFor(`the tray tooltip saying "${text}"`, (s) => s.tray?.toolTip.includes(text));
const shownNotifications = (state: StandInState) => state.notifications.filter((n) => n.shown);

function push(id: string, title: string): PushDraft {
  return { id, title, body: `Body of ${title}`, kind: 'todo', priority: 'high' };
}

describe('the desktop app, started for real under the Electron stand-in', () => {
  test('first run → account saved → online → a push notifies → its click opens the item, read → DND silences → a second launch focuses the inbox → Quit saves and closes', async () => {
    const { home, userData } = await newHome();
    const user = await prosody.account('alice');
    const system = await prosody.account('notify');
    const sender = await prosody.peer(system);
    const app = launch(home, userData);

    // First run: no account, so Settings opens by itself; the tray says so.
    const settings = await app.visiblePage('settings.html');
    await tooltip(app, 'Not set up');

    // The company server's CA is private: its certificate is refused and shown, for the user
    // to compare; choosing the CA file in Settings connects.
    await fillAccount(app, settings, user, system, { caFile: false });
    const refused = settings.locator('[data-live-certificate]');
    const field = (name: string) => refused.locator(`[data-certificate-field="${name}"]`);
    await expect.poll(() => field('fingerprint').textContent()).toBe(serverFingerprint());
    expect(await field('subject').textContent()).toBe(`CN=${prosody.server.domain}`);
    expect(await field('issuer').textContent()).toBe('CN=Herald Test CA');
    await chooseCaFile(app, settings);
    await settings.getByRole('button', { name: 'Save' }).click();
    await tooltip(app, 'Online');
    await refused.waitFor({ state: 'detached' });
    expect(app.state.tray?.image).toMatch(/tray-online\.png$/);

    // A push from the message center: one native notification, the tray turns unread.
    await sender.sendAcked(serializePush(push('po-1', 'Approve PO-5521'), user.jid));
    const [toast] = await app.waitFor('a notification for po-1', (s) => {
      const shown = shownNotifications(s);
      return shown.length > 0 && shown;
    });
    expect(toast).toMatchObject({ title: 'Approve PO-5521', body: 'Body of Approve PO-5521' });
    await tooltip(app, '1 unread message');
    expect(app.state.tray?.image).toMatch(/tray-unread\.png$/);

    // Clicking it opens the inbox on that item and marks it read; the tray follows.
    app.clickNotification(toast!.index);
    const inbox = await app.visiblePage('index.html');
    const row = inbox.locator('[data-item-id="po-1"]');
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => row.getAttribute('class')).toContain('is-read');
    await expect(inbox.locator('#detail-title').textContent()).resolves.toBe('Approve PO-5521');
    await tooltip(app, 'No unread messages');
    expect(app.state.tray?.image).toMatch(/tray-online\.png$/);

    // Do Not Disturb from the tray menu: the next push lands in the inbox without a toast.
    app.clickTrayItem('dnd-1h');
    await tooltip(app, 'Do not disturb until');
    await sender.sendAcked(serializePush(push('po-2', 'Quiet please'), user.jid));
    await inbox.locator('[data-item-id="po-2"]').waitFor();
    await tooltip(app, '1 unread message');
    await expect.poll(() => app.logText()).toMatch(/push po-2 \(live\) → silent/);
    expect(shownNotifications(app.state)).toHaveLength(1);

    // Closing the windows only hides them; a second launch exits and focuses our inbox.
    await hideAllWindows(app);
    const second = launch(home, userData);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.state.singleInstance).toBe('refused');
    await app.waitFor('the second launch reported', (s) => s.secondInstances === 1);
    await app.waitFor('the inbox shown and focused', (s) =>
      s.windows.some((w) => w.visible && w.focused && w.url?.endsWith('/index.html')),
    );

    // Quit from the tray: the stream closes, the inbox is written, the process ends with 0.
    app.clickTrayItem('quit');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.state.tray?.destroyed).toBe(true);
    expect(shownNotifications(app.state)).toHaveLength(1);
    expect(app.logText()).toMatch(/connection: offline/);
    const db = new DatabaseSync(join(userData, 'inbox.sqlite'), { readOnly: true });
    try {
      const rows = db.prepare('SELECT id, read FROM items ORDER BY id').all();
      expect(rows).toEqual([
        { id: 'po-1', read: 1 },
        { id: 'po-2', read: 0 },
      ]);
    } finally {
      db.close();
    }
  });

  test('a push with buttons: Approve in the inbox window reaches the system account as the user’s action', async () => {
    const { home, userData } = await newHome();
    const user = await prosody.account('alice');
    const system = await prosody.account('notify');
    const sender = await prosody.peer(system);
    const app = launch(home, userData);
    await fillAccount(app, await app.visiblePage('settings.html'), user, system);
    await tooltip(app, 'Online');

    await sender.sendAcked(
      serializePush(
        {
          ...push('exp-4411', 'Approve expense report #4411'),
          actions: [
            { id: 'approve', label: 'Approve', style: 'primary', confirm: null },
            { id: 'reject', label: 'Reject', style: 'destructive', confirm: 'Reject the report?' },
          ],
        },
        user.jid,
      ),
    );
    const [toast] = await app.waitFor('a notification for exp-4411', (s) => {
      const shown = shownNotifications(s);
      return shown.length > 0 && shown;
    });
    app.clickNotification(toast!.index);
    const inbox = await app.visiblePage('index.html');
    await inbox.locator('#detail-title', { hasText: 'Approve expense report #4411' }).waitFor();

    const approved = sender.waitForStanza(
      (s) => s.getChild('event', 'urn:herald:push:0')?.attrs.type === 'action',
    );
    await inbox.locator('section.detail').getByRole('button', { name: 'Approve' }).click();
    const event = (await approved).getChild('event', 'urn:herald:push:0')!;
    expect(event.attrs).toMatchObject({ push: 'exp-4411', type: 'action', action: 'approve' });
    // The window shows the choice once main has stored it; the item is done.
    const row = inbox.locator('[role=option][data-item-id="exp-4411"]');
    await row.locator('.push-chosen', { hasText: /^Approve \d\d:\d\d$/ }).waitFor();
    expect(await row.locator('.push-actions').count()).toBe(0);
  });

  test('the approval of docs/pushing.md: gateway → Approve in the inbox → signed callback, GET and the second device', async () => {
    const { home, userData } = await newHome();
    const user = await prosody.account('alice');
    const system = await prosody.account('notify');
    const app = launch(home, userData);
    await fillAccount(app, await app.visiblePage('settings.html'), user, system);
    await tooltip(app, 'Online');
    const phoneDir = await prosody.dataDir();
    const phone = await prosody.listen(user, [system.jid], { dataDir: phoneDir });
    await phone.waitForSynced();

    // The business system: a gateway token that may ask for callbacks, and its endpoint.
    const token = 'erp-token-0123456789abcdef';
    const callbackSecret = 'erp-callbacks-0123456789abcdef';
    const receiver = await startCallbackReceiver(callbackSecret);
    cleanups.push(() => receiver.close());
    const gateway = await startGatewayWith(prosody, system, {
      config: { tokens: [{ name: 'erp', secret: token, callbackSecret }] },
      dataDir: await prosody.dataDir(),
    });
    cleanups.push(() => gateway.stop());
    const api = gatewayApi(await gateway.url(), token);

    // The doc's own example request, to this user, with callbacks to the receiver; only its
    // dates are moved, so that it is never past its `expires`.
    const example = docRequestBody('### `POST /v1/push`');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const sent = await api.push({
      ...example,
      to: [user.jid],
      due: tomorrow,
      expires: tomorrow,
      callbackUrl: receiver.url,
    });
    expect(sent).toEqual({ status: 200, body: { id: example.id, recipients: [user.jid] } });
    const pushId = String(example.id);

    // The user: the notification opens the item; Approve in the inbox window.
    const [toast] = await app.waitFor(`a notification for ${pushId}`, (s) => {
      const shown = shownNotifications(s);
      return shown.length > 0 && shown;
    });
    expect(toast).toMatchObject({ title: example.title });
    app.clickNotification(toast!.index);
    const inbox = await app.visiblePage('index.html');
    await inbox.locator('#detail-title', { hasText: String(example.title) }).waitFor();
    await inbox.locator('section.detail').getByRole('button', { name: 'Approve' }).click();
    const row = inbox.locator(`[role=option][data-item-id="${pushId}"]`);
    await row.locator('.push-chosen', { hasText: /^Approve \d\d:\d\d$/ }).waitFor();

    // The callback: the action, signed with the token's callbackSecret (checked as the doc
    // tells a receiver to: HMAC of "<t>.<raw body>", t within 5 minutes).
    await expect
      .poll(() => receiver.received.find((r) => r.body.type === 'action'), { timeout: 20_000 })
      .toBeDefined();
    const callback = receiver.received.find((r) => r.body.type === 'action')!;
    expect(callback.validSignature).toBe(true);
    expect(callback.headers['herald-event-id']).toBe(callback.body.id);
    expect(callback.body).toEqual({
      id: expect.any(String),
      type: 'action',
      pushId,
      recipient: user.jid,
      at: expect.any(String),
      action: { id: 'approve', label: 'Approve' },
    });
    // Besides the action, the receipt and the read of the notification's click; all signed.
    await expect
      .poll(() => [...new Set(receiver.received.map((r) => r.body.type))].sort())
      .toEqual(['action', 'delivered', 'read']);
    expect(receiver.received.every((r) => r.validSignature)).toBe(true);

    // GET /v1/push/:id: the user's choice, with when, for that recipient.
    const status = await api.status(pushId);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ id: pushId, rev: 0, state: 'open' });
    expect(status.body.recipients).toEqual([
      {
        jid: user.jid,
        state: 'read',
        updatedAt: expect.any(String),
        delivered: { at: expect.any(String) },
        read: { at: expect.any(String) },
        // The doc's push asks for an acknowledgement: approving it acknowledges it.
        acknowledged: { at: callback.body.at },
        done: { at: callback.body.at },
        action: { id: 'approve', label: 'Approve', at: callback.body.at },
        deleted: null,
      },
    ]);

    // The user's other device: the choice arrived as a carbon; the item is done, approved.
    const chosen = await phone.waitFor(
      (line) => line.type === 'user-event' && line.pushId === pushId && line.event === 'action',
      'the approval on the phone',
    );
    expect(chosen).toMatchObject({ action: 'approve', source: 'carbon', at: callback.body.at });
    await phone.stop();
    const { storage } = openSqliteInboxStorage(join(phoneDir, 'inbox.sqlite'));
    const phoneInbox = new Inbox({ storage });
    try {
      expect(phoneInbox.get(pushId)).toMatchObject({
        done: true,
        read: true,
        chosenAction: { id: 'approve', label: 'Approve' },
      });
    } finally {
      phoneInbox.close();
    }
  });

  test('macOS activate (opened again from Finder) shows the inbox of a configured app', async () => {
    const { home, userData } = await newHome();
    const app = await launchConfigured(home, userData);
    await hideAllWindows(app);
    app.activate();
    await app.visiblePage('index.html');
  });

  test('a launch at login stays in the tray where a tray host exists, and opens the inbox where none does (GNOME without AppIndicator)', async () => {
    const { home, userData } = await newHome();
    const setup = await launchConfigured(home, userData);
    expect(await setup.quit()).toEqual({ code: 0, signal: null });

    const bus = await startSessionBus();
    cleanups.push(() => bus.stop());
    const watcher = await startWatcher(bus.address, { hostRegistered: true });
    cleanups.push(() => watcher.stop());
    const atLogin = { args: ['--hidden'], env: { DBUS_SESSION_BUS_ADDRESS: bus.address } };
    const withTray = launch(home, userData, atLogin);
    await tooltip(withTray, 'Online');
    // Logged once the first window has been decided.
    await expect.poll(() => withTray.logText()).toMatch(/Herald [\d.]+ started/);
    withTray.clickTrayItem('settings');
    const settingsWithTray = await withTray.visiblePage('settings.html');
    await settingsWithTray.getByText('Start Herald when I log in').waitFor();
    expect(await settingsWithTray.getByText('This desktop shows no tray icons').count()).toBe(0);
    expect(withTray.logText()).not.toMatch(/no tray host/);
    expect(await withTray.quit()).toEqual({ code: 0, signal: null });
    // The state it reported last, just before it exited: no window but the one we opened.
    expect(withTray.state.windows.map((w) => w.url?.split('/').pop())).toEqual(['settings.html']);

    await watcher.stop();
    const withoutTray = launch(home, userData, atLogin);
    await withoutTray.visiblePage('index.html');
    withoutTray.clickTrayItem('settings');
    const settings = await withoutTray.visiblePage('settings.html');
    await settings.getByText('This desktop shows no tray icons').waitFor();
    expect(withoutTray.logText()).toMatch(
      /tray: no tray host found, nothing owns org\.kde\.StatusNotifierWatcher/,
    );
  });

  test('Start at Login from the tray writes the autostart entry; a failure says why and unticks the box', async () => {
    const { home, userData } = await newHome();
    const app = launch(home, userData);
    await app.visiblePage('settings.html');
    const startAtLogin = () =>
      app.state.tray?.menu.find((item) => item.id === 'start-at-login')?.checked;
    app.clickTrayItem('start-at-login');
    await app.waitFor('the box ticked', () => startAtLogin() === true);
    const entry = readFileSync(join(home, '.config', 'autostart', 'herald.desktop'), 'utf8');
    expect(entry).toMatch(/^Exec=.*--hidden$/m);
    app.clickTrayItem('start-at-login');
    await app.waitFor('the box unticked', () => startAtLogin() === false);
    expect(existsSync(join(home, '.config', 'autostart', 'herald.desktop'))).toBe(false);

    // A file where the autostart folder should be: the entry cannot be written.
    rmSync(join(home, '.config', 'autostart'), { recursive: true, force: true });
    writeFileSync(join(home, '.config', 'autostart'), 'not a folder');
    app.clickTrayItem('start-at-login');
    const [box] = await app.waitFor(
      'a message box',
      (s) => s.messageBoxes.length > 0 && s.messageBoxes,
    );
    expect(box).toMatchObject({ type: 'warning', message: 'Start at Login' });
    expect(box!.detail).toMatch(/login item/i);
    expect(startAtLogin()).toBe(false);
  });

  test('a wrong password shows in Settings and in the tray', async () => {
    const { home, userData } = await newHome();
    const user = await prosody.account('alice');
    const system = await prosody.account('notify');
    const app = launch(home, userData);
    const settings = await app.visiblePage('settings.html');
    await fillAccount(app, settings, user, system, { password: 'not the password' });
    await tooltip(app, 'Sign-in failed');
    await settings
      .locator('.status-bar[data-state="auth-failed"]', { hasText: 'Sign-in failed' })
      .waitFor();
    await settings.screenshot({ path: 'test-results/settings-auth-failed.png' });
  });

  test('Linux without a keyring: the password is saved, with the warning that it is only obfuscated', async () => {
    const { home, userData } = await newHome();
    const user = await prosody.account('alice');
    const system = await prosody.account('notify');
    const app = launch(home, userData, { keyring: 'basic_text' });
    const settings = await app.visiblePage('settings.html');
    await settings.getByText('only obfuscated on disk').waitFor();
    await fillAccount(app, settings, user, system);
    await tooltip(app, 'Online');
    await settings.locator('[data-save-state="saved"]').waitFor();
    const secrets = readFileSync(join(userData, 'secrets.json'), 'utf8');
    const stored = (JSON.parse(secrets) as { accountPassword: string }).accountPassword;
    // What the stand-in's safeStorage writes: its marker, then the scrambled bytes.
    expect(Buffer.from(stored, 'base64').toString('latin1')).toMatch(/^stand-in:/);
    expect(Buffer.from(stored, 'base64').toString()).not.toContain(user.password);
  });

  test('in a Chinese window main’s refusals are said in Chinese, its own words only as a detail', async () => {
    const { home, userData } = await newHome();
    // A file where the autostart folder belongs: the login item cannot be written.
    mkdirSync(join(home, '.config'), { recursive: true });
    writeFileSync(join(home, '.config', 'autostart'), '');
    const app = launch(home, userData, { env: { [STAND_IN_ENV.locale]: 'zh-CN' } });
    const settings = await app.visiblePage('settings.html');
    // A folder picked as the CA file: Node's EISDIR, worded, its message below.
    app.answerOpenDialog([home]);
    await settings.getByRole('button', { name: '选择…' }).click();
    expect(await sentenceAndDetail(settings.locator('[data-field-error="caFile"]'))).toEqual({
      sentence: `无法读取证书文件：这是文件夹，不是文件：${home}`,
      detail: expect.stringMatching(/^EISDIR: /),
    });

    await settings.getByLabel('你的账户（JID）').fill('alice@example.com');
    await settings.getByLabel('通知发送方').fill('notify@example.com');
    await settings.getByLabel('登录时启动 Herald').check();
    await settings.getByRole('button', { name: '保存' }).click();
    const loginError = settings.locator('[data-field-error="startAtLogin"]');
    expect(await sentenceAndDetail(loginError)).toEqual({
      sentence: '无法更改登录项：已有同名的文件或文件夹挡住了路径',
      detail: expect.stringMatching(/^EEXIST: /),
    });
    await settings
      .locator('section', { has: loginError })
      .screenshot({ path: 'test-results/settings-zh-login-item.png' });

    // A pasted 70 kB "password": main refuses the call by its size, before any handler runs.
    await settings.getByLabel('密码').fill('p'.repeat(70_000));
    await settings.getByRole('button', { name: '保存' }).click();
    expect(await sentenceAndDetail(settings.locator('[data-save-state="error"]'))).toEqual({
      sentence: '无法保存：Herald 拒绝了此窗口发出的无效请求。',
      detail: expect.stringMatching(/^settings:save: arguments are \d+ bytes/),
    });
    await settings.screenshot({ path: 'test-results/settings-zh-invalid-request.png' });
  });

  test('in a Chinese window a refused connection is said in Chinese, the OS’s message left out', async () => {
    const { home, userData } = await newHome();
    const app = launch(home, userData, { env: { [STAND_IN_ENV.locale]: 'zh-CN' } });
    const settings = await app.visiblePage('settings.html');
    await settings.getByLabel('你的账户（JID）').fill('alice@example.com');
    await settings.getByLabel('密码').fill('secret');
    await settings.getByLabel('通知发送方').fill('notify@example.com');
    await settings.getByLabel('服务器地址').fill('127.0.0.1');
    await settings.getByLabel('端口').fill(String(await findFreePort()));
    await settings.getByRole('button', { name: '测试连接' }).click();
    const result = settings.locator('[data-test-result="unreachable"]');
    await result.waitFor();
    // Node says "connect ECONNREFUSED 127.0.0.1:…": its code is worded, its message stays out.
    expect(await result.innerText()).toBe(
      '无法连接服务器：该端口不接受连接。请检查服务器名称和端口，并确认这台电脑已联网。',
    );

    await settings.getByRole('button', { name: '保存' }).click();
    const status = settings.locator('.status-bar[data-state="reconnecting"]');
    await expect
      .poll(() => status.innerText())
      .toMatch(
        /^连接已断开（无法连接服务器：连接被拒绝（该端口不接受连接））， ?\d+ 秒后重新连接…/,
      );
    expect(await status.locator('[data-error-detail]').count()).toBe(0);
    await status.screenshot({ path: 'test-results/settings-zh-connection-refused.png' });
  });

  test('an inbox in use by `herald listen` ends in an error box in the app’s language, and exit code 1', async () => {
    const { home, userData } = await newHome();
    mkdirSync(userData, { recursive: true });
    // The user chose Chinese on an English system: the box follows the app's setting.
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ language: 'zh-CN' }));
    const user = await prosody.account('alice');
    const system = await prosody.account('notify');
    const listener = await prosody.listen(user, [system.jid], { dataDir: userData });
    await listener.waitForOnline();
    const app = launch(home, userData, { env: { [STAND_IN_ENV.locale]: 'en-US' } });
    expect(await app.exited).toEqual({ code: 1, signal: null });
    expect(app.state.errorBoxes).toEqual([
      {
        title: 'Herald 无法启动',
        // All Chinese: the CLI's English sentence and SQLite's message stay in the log.
        content:
          `${userData} 中的收件箱正被另一个 Herald（应用或 \`herald listen\`）使用：请关闭它，或为此 Herald 指定单独的数据文件夹。\n\n` +
          '详细信息见日志文件 main.log。',
      },
    ]);
    expect(app.logText()).toMatch(/start-up failed.*is in use by another Herald/s);
  });

  test('an unreadable inbox file is moved aside and the user is told in the app’s language; the app runs on', async () => {
    const { home, userData } = await newHome();
    mkdirSync(userData, { recursive: true });
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ language: 'zh-CN' }));
    writeFileSync(join(userData, 'inbox.sqlite'), 'not a database '.repeat(200));
    const app = launch(home, userData, { env: { [STAND_IN_ENV.locale]: 'en-US' } });
    const [box, ...more] = await app.waitFor(
      'a message box',
      (s) => s.messageBoxes.length > 0 && s.messageBoxes,
    );
    expect(more).toEqual([]);
    const aside = readdirSync(userData).find((name) => name.startsWith('inbox.sqlite.corrupt-'));
    expect(box).toEqual({
      type: 'warning',
      message: expect.stringMatching(/^收件箱文件无法读取，已新建收件箱。/),
      detail: 'file is not a database',
    });
    expect(box?.message).toContain(join(userData, aside ?? 'no file moved aside'));
    // The app runs on with a fresh inbox: its first window opens and the log says why.
    await app.visiblePage('settings.html');
    expect(app.logText()).toMatch(/The inbox file could not be read.*\(file is not a database\)/);
    expect(await app.quit()).toEqual({ code: 0, signal: null });
  });

  test.skipIf(smallDiskUnavailable !== null)(
    `a read-only data folder ends in an error box naming it, and exit code 1${smallDiskUnavailable ? ` (skipped: ${smallDiskUnavailable})` : ''}`,
    async () => {
      const { home } = await newHome();
      const disk = mountSmallDisk();
      cleanups.push(async () => disk.unmount());
      const userData = join(disk.dir, 'Herald');
      mkdirSync(userData);
      disk.remount('ro');
      const app = launch(home, userData);
      expect(await app.exited).toEqual({ code: 1, signal: null });
      expect(app.state.errorBoxes).toEqual([
        {
          title: 'Herald could not start',
          content: expect.stringMatching(
            /^Herald cannot write to its data folder \(it is on a read-only file system\)\./,
          ),
        },
      ]);
    },
  );
});
