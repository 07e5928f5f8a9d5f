/**
 * The desktop app end to end, through Playwright's Electron driver: the built app
 * (out/main/index.js via package.json "main"; run `npm run build` first) with its own temp
 * profile and HERALD_E2E=1, which makes main expose `globalThis.__heraldTest`
 * (main/app/test-hook.ts).
 *
 * Needs the Electron binary, which it first installs with the electron package's own
 * install.js as `npm start` does (dev/ensure-electron.ts), and on Linux a display (xvfb-run).
 * Without them the suite is skipped and says why (the download's failure, where there is no
 * network) — unless HERALD_REQUIRE_ELECTRON=1 (the desktop CI workflow), where that is a
 * failure. The electron package itself is never imported: its index.js downloads on require.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeraldApi } from '../core/desktop-api.ts';
import { FIRST_SEND, type Push } from '../core/push.ts';
import {
  electronMissingMessage,
  electronPackageDir,
  ensureElectronBinary,
} from '../dev/electron-binary.ts';
import {
  E2E_ENV,
  E2E_USER_DATA_ENV,
  TEST_HOOK_GLOBAL,
  type HeraldTestHook,
} from '../main/app/test-hook.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ROOT, 'out', 'main', 'index.js');

/** Set where the suite must run (CI with a download): a missing binary or display fails. */
const REQUIRE_ELECTRON_ENV = 'HERALD_REQUIRE_ELECTRON';

const binary = ensureElectronBinary(electronPackageDir(ROOT));

function skipReason(): string | null {
  if (!binary.ok) return electronMissingMessage(binary.reason);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'no display on this Linux machine (run the suite under xvfb-run)';
  return null;
}

const reason = skipReason();
const required = process.env[REQUIRE_ELECTRON_ENV] === '1';
if (reason !== null && !required) console.warn(`\n[e2e/electron.test.ts] skipped: ${reason}\n`);
const suite = reason === null ? describe : describe.skip;

if (reason !== null && required) {
  describe(`Herald desktop app (Electron), required by ${REQUIRE_ELECTRON_ENV}=1`, () => {
    it('has an Electron binary and a display', () => {
      throw new Error(reason);
    });
  });
}

/** Page-side globals: the preload's API, and what the tests record. */
type PageGlobals = { herald: HeraldApi; __focused?: string[] };

function samplePush(id: string, title: string): Push {
  const now = Date.now();
  return {
    id,
    kind: 'todo',
    priority: 'high',
    title,
    body: '¥86,400.00 for rack space',
    url: null,
    urlLabel: null,
    due: null,
    category: 'Finance',
    from: 'notify@example.com',
    sentAt: now,
    receivedAt: now,
    delayed: false,
    ...FIRST_SEND,
  };
}

suite(`Herald desktop app (Electron)${reason === null ? '' : ` — skipped: ${reason}`}`, () => {
  let app: ElectronApplication;
  let userData: string;

  beforeEach(async () => {
    if (!binary.ok) throw new Error(binary.reason);
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
    userData = mkdtempSync(join(tmpdir(), 'herald-e2e-'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env))
      if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    app = await _electron.launch({
      executablePath: binary.path,
      // The project folder: Electron reads package.json "main" (out/main/index.js), so the
      // app name and app.getAppPath() are those of the real app.
      args: [ROOT, `--user-data-dir=${userData}`],
      env: { ...env, [E2E_ENV]: '1', [E2E_USER_DATA_ENV]: userData },
      cwd: ROOT,
    });
    // The hook appears once main has wired its services (after 'ready').
    await expect
      .poll(() => app.evaluate((_main, name) => name in globalThis, TEST_HOOK_GLOBAL), {
        timeout: 20_000,
      })
      .toBe(true);
  });

  afterEach(async () => {
    await app?.close().catch(() => undefined);
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  const trayMenu = () =>
    app.evaluate(
      (_main, name) => (globalThis as unknown as Record<string, HeraldTestHook>)[name]!.trayMenu(),
      TEST_HOOK_GLOBAL,
    );
  const clickTray = (id: string) =>
    app.evaluate(
      (_main, [name, itemId]) =>
        (globalThis as unknown as Record<string, HeraldTestHook>)[name]!.clickTrayMenuItem(itemId),
      [TEST_HOOK_GLOBAL, id] as const,
    );
  const visibleWindowUrls = () =>
    app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()
        .filter((window) => window.isVisible())
        .map((window) => window.webContents.getURL()),
    );

  /** The inbox page (renderer/index.html), once its window exists. */
  async function inboxPage(): Promise<Page> {
    await expect
      .poll(() => app.windows().some((page) => /\/index\.html(?:[?#]|$)/.test(page.url())))
      .toBe(true);
    return app.windows().find((page) => /\/index\.html(?:[?#]|$)/.test(page.url()))!;
  }

  it('has a tray menu with every entry, and Open Inbox / Do Not Disturb work', async () => {
    const ids = (await trayMenu()).map((item) => item.id).filter(Boolean);
    expect(ids).toEqual([
      'status',
      'open-inbox',
      'dnd',
      'reconnect',
      'settings',
      'start-at-login',
      'quit',
    ]);
    const dnd = (await trayMenu()).find((item) => item.id === 'dnd')!;
    expect(dnd.submenu!.map((item) => [item.id, item.checked])).toEqual([
      ['dnd-1h', false],
      ['dnd-tomorrow', false],
      ['dnd-off', true],
    ]);

    expect(await clickTray('dnd-1h')).toBe(true);
    await expect
      .poll(async () => {
        const submenu = (await trayMenu()).find((item) => item.id === 'dnd')!.submenu!;
        return submenu.filter((item) => item.checked).map((item) => item.id);
      })
      .toEqual(['dnd-1h']);
    const until = (await trayMenu()).find((item) => item.id === 'dnd')!.submenu![0]!;
    expect(until.id).toBe('dnd-until');
    expect(until.label).toMatch(/\d\d:\d\d/);

    expect(await clickTray('open-inbox')).toBe(true);
    await expect
      .poll(visibleWindowUrls)
      .toEqual(expect.arrayContaining([expect.stringMatching(/\/index\.html/)]));
  });

  it('opens the clicked notification’s item in the inbox', async () => {
    const push = samplePush('e2e-po-5521', 'Approve PO-5521 (e2e)');
    await app.evaluate(
      (_main, [name, item]) =>
        (globalThis as unknown as Record<string, HeraldTestHook>)[name]!.receivePush(item),
      [TEST_HOOK_GLOBAL, push] as const,
    );

    // Get the inbox page loaded, then listen for focus requests from main.
    await clickTray('open-inbox');
    const page = await inboxPage();
    await page.evaluate(() => {
      const globals = globalThis as unknown as PageGlobals;
      globals.__focused = [];
      globals.herald.onFocusItem((id) => globals.__focused!.push(id));
    });
    // Hide it again, so the click has to bring it back.
    await app.evaluate(({ BrowserWindow }) => {
      for (const window of BrowserWindow.getAllWindows()) window.hide();
    });
    await expect.poll(visibleWindowUrls).toEqual([]);

    // Show the toast and click it in one step: a headless notification daemon may report
    // 'failed' a moment later, which would (rightly) drop the live notification.
    const outcome = await app.evaluate(
      (_main, [name, item]) => {
        const hook = (globalThis as unknown as Record<string, HeraldTestHook>)[name]!;
        const result = hook.notify({ action: 'toast', push: item });
        const live = hook.liveNotifications();
        return { result, live, clicked: hook.clickNotification(item.id) };
      },
      [TEST_HOOK_GLOBAL, push] as const,
    );
    expect(outcome.result).toEqual({ status: 'shown', key: push.id });
    expect(outcome.live).toContain(push.id);
    expect(outcome.clicked).toBe(true);

    // Main asked the inbox to show the item, showed the window and marked the item read.
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).__focused))
      .toEqual([push.id]);
    await expect
      .poll(visibleWindowUrls)
      .toEqual(expect.arrayContaining([expect.stringMatching(/\/index\.html/)]));
    const snapshot = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).herald.getInbox(),
    );
    expect(snapshot.items.find((item) => item.id === push.id)?.read).toBe(true);
    await page.getByText(push.title).first().waitFor({ state: 'visible' });
    // Clicked notifications are closed and forgotten.
    expect(
      await app.evaluate(
        (_main, name) =>
          (globalThis as unknown as Record<string, HeraldTestHook>)[name]!.liveNotifications(),
        TEST_HOOK_GLOBAL,
      ),
    ).toEqual([]);
  });

  it('opens the inbox when a summary notification is clicked', async () => {
    const clicked = await app.evaluate((_main, name) => {
      const hook = (globalThis as unknown as Record<string, HeraldTestHook>)[name]!;
      hook.notify({
        action: 'summary',
        count: 3,
        pushIds: ['a', 'b', 'c'],
        highestPriority: 'normal',
      });
      return hook.clickNotification('summary');
    }, TEST_HOOK_GLOBAL);
    expect(clicked).toBe(true);
    await expect
      .poll(visibleWindowUrls)
      .toEqual(expect.arrayContaining([expect.stringMatching(/\/index\.html/)]));
  });
});
