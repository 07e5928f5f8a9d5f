/**
 * The inbox and settings windows in real Chromium, against the BUILT renderer, with
 * `window.herald` from the real preload code backed by the real app service, the real core
 * and a real Prosody. Run `npm run build` first.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { xml } from '@xmpp/client';
import { X509Certificate } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { IpcChannel } from '../core/desktop-api.ts';
import { openSqliteInboxStorage } from '../core/sqlite-inbox-storage.ts';
import { findFreePort } from '../dev/net-util.ts';
import { samplePushes } from '../test/support/pushes.ts';
import { makeItem, useDesktopHarness } from './support/desktop-harness.ts';

const desktop = useDesktopHarness();

describe('inbox window', () => {
  test('a push sent as the system account appears with its title, category and tab count', async () => {
    const app = await desktop.createApp();
    const { send } = await app.connect();
    const page = await app.openWindow('inbox');
    await expect.poll(() => page.locator('[role=tab]').count()).toBe(3);

    const draft = samplePushes.find((p) => p.id === 'erp-4411')!;
    await send(draft);

    const row = page.locator(`[role=option][data-item-id="${draft.id}"]`);
    await row.waitFor();
    expect(await row.locator('.row-title').textContent()).toBe(draft.title);
    expect(await row.locator('.chip').first().textContent()).toBe(draft.category);
    expect(await page.locator('[data-tab="todo"] .count').textContent()).toBe('1');
    expect(await page.locator('[data-tab="all"] .count').textContent()).toBe('1');

    await row.click();
    await page.locator('#detail-title', { hasText: draft.title }).waitFor();
    // Opening it marks it read, in main's inbox too.
    await expect
      .poll(async () => (await app.service.handlers[IpcChannel.getInbox]()).items[0]?.read)
      .toBe(true);
    await page.locator('[data-tab="todo"] .count').waitFor({ state: 'detached' });
    // The link is a button that asks main, which opens the item's own URL.
    await page.getByRole('button', { name: 'Open link' }).click();
    await expect.poll(() => app.opened).toEqual([draft.url]);
    expect(await page.locator('a').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
  test('done, read, delete, search and mark all read work from the keyboard and mouse, and persist', async () => {
    const app = await desktop.createApp();
    const { send } = await app.connect();
    const page = await app.openWindow('inbox');
    for (const id of ['erp-4411', 'oa-5521', 'news-1201']) {
      await send(samplePushes.find((p) => p.id === id)!);
    }
    const stored = async (id: string) =>
      (await app.service.handlers[IpcChannel.getInbox]()).items.find((item) => item.id === id);
    const row = (id: string) => page.locator(`[role=option][data-item-id="${id}"]`);
    await row('oa-5521').waitFor();
    await row('erp-4411').waitFor();
    expect(await page.locator('[data-tab="todo"] .count').textContent()).toBe('2');
    expect(await page.locator('[data-tab="news"] .count').textContent()).toBe('1');

    // Mouse: open (marks read), Mark done.
    await row('oa-5521').click();
    await page.getByRole('button', { name: 'Mark done' }).click();
    await expect.poll(async () => (await stored('oa-5521'))?.done).toBe(true);
    await row('oa-5521').locator('.chip-done').waitFor();
    expect((await stored('oa-5521'))?.read).toBe(true);

    // Keyboard: move, toggle done back, toggle read.
    await page.keyboard.press('d');
    await expect.poll(async () => (await stored('oa-5521'))?.done).toBe(false);
    await page.keyboard.press('r');
    await expect.poll(async () => (await stored('oa-5521'))?.read).toBe(false);
    // Both arrived within a moment; move towards erp-4411 whichever way round they sorted.
    const erpFirst = (await row('erp-4411').getAttribute('aria-posinset')) === '1';
    await page.keyboard.press(erpFirst ? 'k' : 'j');
    await expect.poll(() => row('erp-4411').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await stored('erp-4411'))?.read).toBe(true);

    // Search: "/" focuses it; Chinese, case-insensitive, and a "no results" state.
    await page.keyboard.press('/');
    await page.keyboard.type('采购');
    await expect.poll(() => page.locator('[role=option]').count()).toBe(1);
    await row('oa-5521').waitFor();
    await page.locator('.search-input').fill('BERLIN');
    await expect.poll(() => page.locator('[role=option]').count()).toBe(1);
    await row('erp-4411').waitFor();
    await page.locator('.search-input').fill('no such thing');
    await page.locator('.list-empty', { hasText: 'No messages match “no such thing”.' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[role=option]').count()).toBe(2);

    // Delete from the keyboard: the next item is selected.
    await row('oa-5521').click();
    await page.keyboard.press('Delete');
    await expect.poll(async () => stored('oa-5521')).toBeUndefined();
    await row('oa-5521').waitFor({ state: 'detached' });

    // Tab 3 = All; Mark all read clears every count.
    await page.keyboard.press('3');
    await expect
      .poll(() => page.locator('[data-tab="all"]').getAttribute('aria-selected'))
      .toBe('true');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect
      .poll(async () => (await app.service.handlers[IpcChannel.getInbox]()).counts.all.unread)
      .toBe(0);
    await expect.poll(() => page.locator('.count').count()).toBe(0);
    await page.keyboard.press('2');
    await row('news-1201').waitFor();
    await page.keyboard.press('1');
    await row('erp-4411').waitFor();

    // What main stored is what survives: reopen the inbox file after the service stops.
    await app.service.stop();
    const { storage } = openSqliteInboxStorage(join(app.dataDir, 'inbox.sqlite'));
    const items = storage.loadItems().map(({ id, read, done }) => ({ id, read, done }));
    storage.close();
    expect(items.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'erp-4411', read: true, done: false },
      { id: 'news-1201', read: true, done: false },
    ]);
    expect(app.pageErrors).toEqual([]);
  });

  test('hostile pushes render as literal text: no script, no dialog, no navigation, no injected element', async () => {
    const app = await desktop.createApp();
    const { send, sender, user } = await app.connect();
    const page = await app.openWindow('inbox');
    await page.locator('[data-tab="all"]').click();
    const startUrl = page.url();
    const longWord = 'W'.repeat(10_000);
    const hostile = [
      {
        id: 'h-script',
        kind: 'todo' as const,
        title: '<script>window.__pwned = 1</script>',
        body: '<img src=x onerror="window.__pwned = 2"><svg onload="window.__pwned = 3"></svg>',
        category: '<b>bold</b>',
        url: 'https://example.com/"><script>window.__pwned=5</script>',
      },
      {
        id: 'h-rtl',
        kind: 'news' as const,
        title: 'Invoice \u202Efdp.exe\u202C and \u2067مرحبا\u2069 done',
        body: 'مرحبا بالعالم — Arabic text\nsecond line\n\u202Ereversed?',
        category: 'عربي',
      },
      { id: 'h-long', kind: 'news' as const, title: 'Long body', body: longWord },
      {
        id: 'h-zh',
        kind: 'todo' as const,
        title: '审批 &lt;b&gt;粗体&lt;/b&gt; <iframe src="javascript:alert(1)">',
        body: '第一行\n第二行 <a href="javascript:alert(1)">点我</a>',
        category: '采购',
      },
    ];
    for (const draft of hostile) await send(draft);
    // A raw stanza with a javascript: link: the engine drops the link, so no button appears.
    await sender.sendAcked(
      xml(
        'message',
        { to: user.jid, type: 'chat', id: 'h-js-link' },
        xml('subject', {}, 'Click me'),
        xml('body', {}, 'javascript link'),
        xml('push', { xmlns: 'urn:herald:push:0', id: 'h-js-link', kind: 'news' }),
        xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, 'javascript:window.__pwned=4')),
      ),
    );
    await expect.poll(() => page.locator('[role=option]').count()).toBe(5);

    const stored = new Map(
      (await app.service.handlers[IpcChannel.getInbox]()).items.map((item) => [item.id, item]),
    );
    expect(stored.get('h-js-link')?.url).toBeNull();
    for (const id of ['h-script', 'h-rtl', 'h-long', 'h-zh', 'h-js-link']) {
      const item = stored.get(id)!;
      const row = page.locator(`[role=option][data-item-id="${id}"]`);
      expect(await row.locator('.row-title').textContent()).toBe(item.title);
      expect(await row.locator('.row-title').getAttribute('dir')).toBe('auto');
      await row.click();
      await page.locator('#detail-title').waitFor();
      expect(await page.locator('#detail-title').textContent()).toBe(item.title);
      expect(await page.locator('.detail-body').textContent()).toBe(item.body);
      expect(await page.locator('.detail-link').count()).toBe(item.url ? 1 : 0);
      // The long body wraps instead of widening the pane.
      const overflow = await page.evaluate(
        "(() => { const el = document.querySelector('.detail-scroll'); return el.scrollWidth - el.clientWidth; })()",
      );
      expect(overflow).toBeLessThanOrEqual(0);
    }
    expect(stored.get('h-long')!.body.length).toBe(10_000);
    expect(stored.get('h-zh')!.title).toContain('<iframe');

    // Opening the hostile link goes through main, which opens the item's own (escaped) URL.
    await page.locator('[role=option][data-item-id="h-script"]').click();
    await page.getByRole('button', { name: 'Open link' }).click();
    await expect.poll(() => app.opened).toEqual([stored.get('h-script')!.url]);

    const evidence = await page.evaluate(`({
      pwned: window.__pwned ?? null,
      csp: window.__cspViolations,
      injected: document.querySelectorAll('img, iframe, object, embed, a, b, style, [onerror], [onload]').length,
      scripts: document.querySelectorAll('script').length,
      hrefs: document.body.querySelectorAll('[href], [src]').length,
    })`);
    expect(evidence).toEqual({ pwned: null, csp: [], injected: 0, scripts: 1, hrefs: 0 });
    expect(app.dialogs).toEqual([]);
    expect(page.url()).toBe(startUrl);
    expect(app.pageErrors).toEqual([]);
  });

  test('the status bar explains the connection and offers Reconnect / Open settings', async () => {
    const app = await desktop.createApp();
    const page = await app.openWindow('inbox');
    const bar = page.locator('.status-bar');
    await bar.locator('text=No account is set up yet.').waitFor();
    await page.getByRole('button', { name: 'Open settings' }).click();
    await expect.poll(() => app.calls.openSettingsWindow).toBe(1);

    const user = await desktop.prosody.account('alice');
    const system = await desktop.prosody.account('notify');
    const account = {
      jid: user.jid,
      host: '',
      port: desktop.prosody.server.c2sPort,
      tlsMode: 'starttls' as const,
      systemJids: [system.jid],
    };
    // Nothing listens on this port: reconnecting, with a countdown and the reason.
    await app.service.handlers[IpcChannel.saveSettings]({
      account: { ...account, port: await findFreePort() },
      password: user.password,
    });
    await page.locator('.status-bar[data-state="reconnecting"]', { hasText: /in \d+ s/ }).waitFor();
    await page.getByRole('button', { name: 'Reconnect' }).waitFor();

    // A wrong password: auth failed, and the fix is in settings.
    const failed = app.waitForConnection('auth-failed');
    await app.service.handlers[IpcChannel.saveSettings]({ account, password: 'wrong password' });
    await failed;
    await page
      .locator('.status-bar[data-state="auth-failed"]', { hasText: 'Sign-in failed' })
      .waitFor();
    await page.getByRole('button', { name: 'Open settings' }).click();
    await expect.poll(() => app.calls.openSettingsWindow).toBe(2);

    // Online: the bar goes away.
    const online = app.waitForConnection('online');
    await app.service.handlers[IpcChannel.saveSettings]({ account, password: user.password });
    await online;
    await bar.waitFor({ state: 'detached' });
    expect(app.pageErrors).toEqual([]);
  });

  // About 10 s alone (seeding 10,000 items, then walking them in Chromium); three times that
  // with the rest of the suite on two cores. Its speed is the renderer benchmark's to judge.
  test(
    '10,000 items: a bounded number of rows in the DOM, the end reachable, focus from a notification',
    { timeout: 90_000 },
    async () => {
      const now = Date.now();
      const seed = Array.from({ length: 10_000 }, (_, index) =>
        makeItem({
          id: `bulk-${index}`,
          kind: index % 3 === 0 ? 'news' : 'todo',
          title: `Bulk message ${index}`,
          body: index === 4242 ? 'the needle 针 is here' : `Body of message ${index}`,
          sentAt: now - index * 60_000,
        }),
      );
      const app = await desktop.createApp({ seed });
      const page = await app.openWindow('inbox');
      await page.locator('[data-tab="all"]').click();
      await page.locator('[data-item-id="bulk-0"]').waitFor();
      expect(await page.locator('[data-tab="all"] .count').textContent()).toBe('999+');
      const rows = () => page.locator('[role=option]').count();
      expect(await rows()).toBeLessThanOrEqual(40);

      // Scrolling to the end shows the oldest item, still with a bounded DOM.
      await page.locator('#inbox-list').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await page.locator('[data-item-id="bulk-9999"]').waitFor();
      expect(await page.locator('[data-item-id="bulk-9999"] .row-title').textContent()).toBe(
        'Bulk message 9999',
      );
      expect(await rows()).toBeLessThanOrEqual(40);

      // Home / End from the keyboard.
      await page.locator('#inbox-list').focus();
      await page.keyboard.press('Home');
      await page.locator('[data-item-id="bulk-0"][aria-selected="true"]').waitFor();
      await page.keyboard.press('End');
      await page.locator('[data-item-id="bulk-9999"][aria-selected="true"]').waitFor();

      // Search across all 10,000.
      await page.locator('.search-input').fill('针');
      await expect.poll(rows).toBe(1);
      await page.locator('[data-item-id="bulk-4242"]').waitFor();

      // A clicked notification: the right tab, the search cleared, selected and scrolled to.
      await app.service.focusItem('bulk-7001');
      await page.locator('[data-item-id="bulk-7001"][aria-selected="true"]').waitFor();
      expect(await page.locator('.search-input').inputValue()).toBe('');
      await page.locator('#detail-title', { hasText: 'Bulk message 7001' }).waitFor();
      expect(await page.locator('[data-item-id="bulk-7001"]').isVisible()).toBe(true);
      expect(await rows()).toBeLessThanOrEqual(40);
      // Row positions are set through React's style prop (CSSOM), which the strict CSP allows.
      expect(await page.evaluate('window.__cspViolations')).toEqual([]);
      expect(app.pageErrors).toEqual([]);

      // A click that opens a new inbox window: the page is not listening yet, so the
      // snapshot carries the item to show.
      await app.service.focusItem('bulk-42');
      await page.reload();
      await page.locator('[data-item-id="bulk-42"][aria-selected="true"]').waitFor();
      await page.locator('#detail-title', { hasText: 'Bulk message 42' }).waitFor();
    },
  );
});

describe('settings window', () => {
  test('first run: validation errors from main appear next to their fields, nothing is saved', async () => {
    const app = await desktop.createApp({ secretBackend: 'weak' });
    const page = await app.openWindow('settings');
    await page.locator('[data-first-run]', { hasText: 'Welcome to Herald' }).waitFor();
    // Linux basic_text: say the password is only obfuscated.
    await page.locator('[data-secret-storage="weak"]', { hasText: 'only obfuscated' }).waitFor();

    await page.getByLabel('Your account (JID)').fill('not a jid');
    await page.getByLabel('Notification senders').fill('notify@example.com\nalso bad');
    await page.getByLabel('Port').fill('abc');
    await page.getByRole('button', { name: 'Save' }).click();
    // Not even a number: caught in the window before asking main.
    const fieldError = (name: string) =>
      page.locator(`.field:has(#field-${name}) [data-field-error="${name}"]`);
    await fieldError('port').filter({ hasText: 'between 1 and 65535' }).waitFor();
    expect(await page.getByLabel('Port').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Port').fill('');
    await page.getByLabel('Keep at most this many messages').fill('5');
    await page.getByLabel('Password').fill('secret');
    await page.getByRole('button', { name: 'Save' }).click();
    await fieldError('jid').filter({ hasText: 'user@example.com' }).waitFor();
    await fieldError('systemJids').filter({ hasText: 'system JID' }).waitFor();
    await fieldError('maxItems').filter({ hasText: '100 to 100000' }).waitFor();
    await page.locator('[data-save-state="invalid"]').waitFor();
    expect(await fieldError('port').count()).toBe(0);
    expect(app.service.settingsView().account.jid).toBe('');
    expect(app.service.settingsView().hasPassword).toBe(false);

    // Fixing a field clears its message.
    await page.getByLabel('Your account (JID)').fill('alice@example.com');
    await fieldError('jid').waitFor({ state: 'detached' });
    expect(app.pageErrors).toEqual([]);
  });

  test('test connection: a wrong password shows the auth error; the right one connects, saves and switches language live', async () => {
    const app = await desktop.createApp();
    const user = await desktop.prosody.account('alice');
    const system = await desktop.prosody.account('notify');
    const settings = await app.openWindow('settings');
    const inbox = await app.openWindow('inbox');
    await settings.getByLabel('Your account (JID)').fill(user.jid);
    await settings.getByLabel('Notification senders').fill(system.jid);
    await settings.getByLabel('Port').fill(String(desktop.prosody.server.c2sPort));
    await settings.getByLabel('Password').fill('not the password');

    await settings.getByRole('button', { name: 'Test connection' }).click();
    await settings
      .locator('[data-test-result="auth"]', { hasText: 'Wrong account or password' })
      .waitFor({ timeout: 15_000 });

    await settings.getByLabel('Password').fill(user.password);
    await settings.getByRole('button', { name: 'Test connection' }).click();
    await settings
      .locator('[data-test-result="ok"]', { hasText: `Connected as ${user.jid}` })
      .waitFor({ timeout: 15_000 });

    const online = app.waitForConnection('online');
    await settings.getByLabel('Language').selectOption('zh-CN');
    await settings.getByRole('button', { name: 'Save' }).click();
    await online;
    // Both windows switch language on onSettingsChanged; the first-run header is gone.
    await settings.locator('h1', { hasText: '设置' }).waitFor();
    await settings.locator('[data-save-state="saved"]', { hasText: '设置已保存' }).waitFor();
    await inbox.locator('[data-tab="todo"]', { hasText: '待办' }).waitFor();
    expect(await inbox.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await settings.locator('[data-first-run]').count()).toBe(0);
    expect(app.service.settingsView()).toMatchObject({
      hasPassword: true,
      language: 'zh-CN',
      account: { jid: user.jid, systemJids: [system.jid] },
    });
    expect(await settings.getByLabel('密码').inputValue()).toBe('');

    // Do not disturb applies at once.
    await settings.getByRole('button', { name: '1 小时' }).click();
    await settings.locator('[data-dnd="on"]').waitFor();
    expect(app.service.settingsView().notifications.dndUntil).toBeGreaterThan(Date.now());
    await settings.getByRole('button', { name: '打开日志文件夹' }).click();
    await expect.poll(() => app.calls.openLogFolder).toBe(1);

    // Main's refusal of a field is worded in Chinese too, not interpolated in English.
    await settings.getByLabel('最多保留的消息数').fill('5');
    await settings.getByRole('button', { name: '保存' }).click();
    await settings
      .locator('[data-field-error="maxItems"]', { hasText: '最多保留 100 到 100000 条消息' })
      .waitFor();
    expect(app.pageErrors).toEqual([]);
  }, 45_000);

  test('a private CA: the refused certificate is shown; Choose… a key is refused, the CA file connects; Clear', async () => {
    const { server } = desktop.prosody;
    const certificates = dirname(server.caFile);
    let offered = join(certificates, `${server.domain}.key`);
    const app = await desktop.createApp({
      trustServerCa: false,
      chooseCaFile: async () => offered,
    });
    const user = await desktop.prosody.account('alice');
    const system = await desktop.prosody.account('notify');
    const settings = await app.openWindow('settings');
    await settings.getByLabel('Your account (JID)').fill(user.jid);
    await settings.getByLabel('Notification senders').fill(system.jid);
    await settings.getByLabel('Port').fill(String(server.c2sPort));
    await settings.getByLabel('Password').fill(user.password);

    await settings.getByRole('button', { name: 'Test connection' }).click();
    await settings
      .locator('[data-test-result="certificate"]', { hasText: 'Certificate problem' })
      .waitFor({ timeout: 15_000 });
    const expected = new X509Certificate(
      await readFile(join(certificates, `${server.domain}.crt`)),
    );
    const field = (name: string) =>
      settings.locator(`[data-refused-certificate] [data-certificate-field="${name}"]`);
    expect(await field('subject').textContent()).toBe(`CN=${server.domain}`);
    expect(await field('issuer').textContent()).toBe('CN=Herald Test CA');
    expect(await field('fingerprint').textContent()).toBe(expected.fingerprint256);

    // A private key is PEM, but not a certificate: refused under the field, the form unchanged.
    await settings.getByRole('button', { name: 'Choose…' }).click();
    await settings
      .locator('[data-field-error="caFile"]', { hasText: 'not a PEM certificate file' })
      .waitFor();
    expect(await settings.getByLabel('CA certificate').inputValue()).toBe('');

    offered = server.caFile;
    await settings.getByRole('button', { name: 'Choose…' }).click();
    await expect.poll(() => settings.getByLabel('CA certificate').inputValue()).toBe(offered);
    await settings.locator('[data-field-error="caFile"]').waitFor({ state: 'detached' });
    await settings.getByRole('button', { name: 'Test connection' }).click();
    await settings
      .locator('[data-test-result="ok"]', { hasText: `Connected as ${user.jid}` })
      .waitFor({ timeout: 15_000 });
    expect(await settings.locator('[data-refused-certificate]').count()).toBe(0);

    const online = app.waitForConnection('online');
    await settings.getByRole('button', { name: 'Save' }).click();
    await online;
    expect(app.service.settingsView().account.caFile).toBe(offered);

    // Clear and save: the live connection now refuses the certificate, and says which.
    await settings.getByRole('button', { name: 'Clear' }).click();
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings
      .locator('[data-live-certificate]', { hasText: 'refuses the server’s certificate' })
      .waitFor({ timeout: 15_000 });
    expect(
      await settings
        .locator('[data-live-certificate] [data-certificate-field="fingerprint"]')
        .textContent(),
    ).toBe(expected.fingerprint256);
    expect(app.service.settingsView().account.caFile).toBeNull();
    expect(app.pageErrors).toEqual([]);
  }, 60_000);
});

describe('screenshots', () => {
  /** The sample pushes as stored items at staggered times, a few read, one done, one overdue. */
  function sampleItems(now: number) {
    const minutes = [3, 18, 52, 95, 180, 420, 1500, 2900, 4400, 8700];
    return samplePushes.map((draft, index) =>
      makeItem({
        ...draft,
        url: draft.url ?? null,
        urlLabel: draft.urlLabel ?? null,
        category: draft.category ?? null,
        kind: draft.kind ?? 'notice',
        priority: draft.priority ?? 'normal',
        due:
          draft.id === 'oa-5530' ? new Date(now - 86_400_000).toISOString() : (draft.due ?? null),
        from: 'notify@example.com',
        sentAt: now - minutes[index]! * 60_000,
        read: ['news-1201', 'seed-plain', 'hr-889', 'news-cn-301'].includes(draft.id),
        done: draft.id === 'hr-889',
      }),
    );
  }

  // HERALD_SCREENSHOTS=1 refreshes docs/screenshots; otherwise they go to a temp dir, so a
  // plain test run still renders every view without touching tracked files.
  const shots = process.env.HERALD_SCREENSHOTS
    ? 'docs/screenshots'
    : join(tmpdir(), `herald-screenshots-${process.pid}`);
  afterAll(async () => {
    if (!process.env.HERALD_SCREENSHOTS) await rm(shots, { recursive: true, force: true });
  });

  test('inbox light and dark, English and Chinese, and settings', async () => {
    const app = await desktop.createApp({ seed: sampleItems(Date.now()) });
    await app.connect();
    for (const scheme of ['light', 'dark'] as const) {
      const page = await app.openWindow('inbox', { colorScheme: scheme });
      await page.locator('[data-tab="all"]').click();
      await page.locator('[data-item-id="erp-4411"]').click();
      await page.locator('#detail-title').waitFor();
      await page.screenshot({ path: `${shots}/inbox-${scheme}-en.png` });
      await page.close();
    }
    await app.service.handlers[IpcChannel.saveSettings]({ language: 'zh-CN' });
    for (const scheme of ['light', 'dark'] as const) {
      const page = await app.openWindow('inbox', { colorScheme: scheme });
      await page.locator('[data-tab="todo"]', { hasText: '待办' }).waitFor();
      await page.locator('[data-item-id="oa-5521"]').click();
      await page.locator('#detail-title').waitFor();
      await page.screenshot({ path: `${shots}/inbox-${scheme}-zh.png` });
      await page.close();
    }
    await app.service.handlers[IpcChannel.saveSettings]({ language: 'en' });
    for (const scheme of ['light', 'dark'] as const) {
      const page = await app.openWindow('settings', {
        colorScheme: scheme,
        viewport: { width: 760, height: 1400 },
      });
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.locator('[data-test-result="ok"]').waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${shots}/settings-${scheme}-en.png` });
      await page.close();
    }
    expect(app.pageErrors).toEqual([]);

    // First run on Linux without a keyring, after a Save with mistakes.
    const firstRun = await desktop.createApp({ secretBackend: 'weak' });
    const page = await firstRun.openWindow('settings', { viewport: { width: 760, height: 1400 } });
    await page.getByLabel('Your account (JID)').fill('alice');
    await page.getByLabel('Notification senders').fill('notify@example.com');
    await page.getByLabel('Connection security').selectOption('plaintext');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-field-error="jid"]').waitFor();
    await page.screenshot({ path: `${shots}/settings-first-run-light-en.png` });
    expect(firstRun.pageErrors).toEqual([]);
  });
});
