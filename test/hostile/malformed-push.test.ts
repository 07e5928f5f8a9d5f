/**
 * Hostile-input suite, malformed pushes from a trusted system account: first through the
 * codec alone (what the engine keeps of each field), then over a real server (Prosody and
 * ejabberd, the same cases and outcomes on both) through the real engine (core/engine.ts, in
 * process) into a real inbox.sqlite. Each case asserts the exact outcome: the fallback value,
 * the truncation, the dropped link, or "ignored".
 * core/push-codec.test.ts has the basics (javascript:/file:/data: links, bidi overrides,
 * C0/C1 controls, field limits, 1 MB bodies, 10,000-deep nesting in memory); these are the
 * variants it does not cover.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeraldEngine } from '../../core/engine.ts';
import { Inbox } from '../../core/inbox.ts';
import type { InboxItem } from '../../core/inbox-storage.ts';
import { PUSH_LIMITS, parsePushMessage } from '../../core/push-codec.ts';
import { PUSH_NS, type Push } from '../../core/push.ts';
import { openSqliteInboxStorage } from '../../core/sqlite-inbox-storage.ts';
import { trustExtraCertificates } from '../../core/tls-trust.ts';
import { connectPeer, type Peer } from '../../dev/xmpp-peer.ts';
import { SERVER_KINDS, useServer, type Account } from '../support/fixture.ts';
import { parseStanza } from '../support/stanza.ts';

const RECEIVED_AT = Date.UTC(2026, 10, 24, 12, 0, 0);
const OWN = 'alice@example.com';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** The codec's reading of a system message with `inner` as its children. */
function codec(inner: string): Push | null {
  const el = parseStanza(
    `<message from="notify@example.com/gw" id="m1" type="chat">${inner}</message>`,
  );
  return parsePushMessage(el, { receivedAt: RECEIVED_AT, ownBareJid: OWN });
}

function link(url: string): Pick<Push, 'url' | 'urlLabel'> | null {
  const push = codec(
    `<body>x</body><x xmlns="jabber:x:oob"><url>${escapeXml(url)}</url><desc>Open</desc></x>`,
  );
  return push && { url: push.url, urlLabel: push.urlLabel };
}

describe('codec: links that are never opened (dropped with their label)', () => {
  test.each([
    ['leading space and mixed case', ' JaVaScRiPt:alert(1)'],
    ['a tab inside the scheme (URL parsers remove it)', 'java\tscript:alert(1)'],
    ['vbscript:', 'VBScript:MsgBox(1)'],
    ['javascript: dressed as a URL', 'javascript://example.com/%0aalert(1)'],
    ['base64 data:', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['mailto:', 'mailto:ceo@example.com?subject=urgent'],
    ['tel:', 'tel:+15555550100'],
    ['an Android intent', 'intent://scan/#Intent;scheme=zxing;end'],
    ['an OS settings scheme', 'ms-settings:privacy-webcam'],
    ['smb: (leaks NTLM hashes on Windows)', 'smb://attacker.example/share'],
    ['a UNC path', '\\\\attacker.example\\share\\invoice.pdf'],
    ['file: with a host', 'file://attacker.example/share/invoice.pdf'],
    ['blob:', 'blob:https://a.example/5a1e7c0e'],
    ['about:blank', 'about:blank'],
    ['a user name only', 'http://user@host.example/'],
    ['a password only', 'https://:secret@host.example/'],
    ['protocol-relative', '//evil.example/x'],
    ['a zero-width joiner in the host (invalid IDN)', 'https://exa\u200Dmple.com/'],
    ['a right-to-left override in the host', 'https://\u202Eelgoog.com/'],
  ])('%s: %j', (_name, url) => {
    expect(link(url)).toEqual({ url: null, urlLabel: null });
  });
});

describe('codec: links kept in the form the user is shown (what the browser would open)', () => {
  test.each([
    ['no slashes after https:', 'https:evil.example', 'https://evil.example/'],
    [
      'full-width letters in the host fold to ASCII',
      'https://\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45.com/',
      'https://example.com/',
    ],
    [
      'an ideographic full stop is a dot: the real host shows',
      'https://example.com\u3002evil.example/',
      'https://example.com.evil.example/',
    ],
    [
      'an all-Cyrillic "apple" shows as punycode',
      'https://\u0430\u0440\u0440\u04CF\u0435.com/',
      'https://xn--80ak6aa92e.com/',
    ],
    [
      'a legitimate IDN shows as punycode too',
      'https://b\u00FCcher.example/',
      'https://xn--bcher-kva.example/',
    ],
    [
      'a backslash before @ is a path, not credentials',
      'https://example.com\\@evil.example',
      'https://example.com/@evil.example',
    ],
    [
      'a bidi override in the path is percent-encoded',
      'https://example.com/\u202Egpj.exe',
      'https://example.com/%E2%80%AEgpj.exe',
    ],
    [
      'quotes and angle brackets are percent-encoded',
      'https://a.example/"><script>',
      'https://a.example/%22%3E%3Cscript%3E',
    ],
    ['a hex IPv4 host shows as dotted decimal', 'http://0x7f.1/admin', 'http://127.0.0.1/admin'],
  ])('%s', (_name, url, shown) => {
    expect(link(url)).toEqual({ url: shown, urlLabel: 'Open' });
  });
});

describe('codec: text', () => {
  test.each([
    [
      'a line separator in the title becomes a space',
      '<subject>Approved\u2028by: CEO</subject><body>b</body>',
      { title: 'Approved by: CEO', body: 'b' },
    ],
    [
      'a paragraph separator in the body becomes a newline',
      '<subject>t</subject><body>one\u2029two</body>',
      { title: 't', body: 'one\ntwo' },
    ],
    [
      'a byte-order mark at the start is trimmed',
      '<subject>\uFEFFHello</subject><body>b</body>',
      { title: 'Hello', body: 'b' },
    ],
    [
      'right-to-left and zero-width joiner marks are kept (RTL text, emoji)',
      '<subject>\u200F\u05E9\u05DC\u05D5\u05DD \u{1F468}\u200D\u{1F469}\u200D\u{1F467}</subject><body>b</body>',
      {
        title: '\u200F\u05E9\u05DC\u05D5\u05DD \u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
        body: 'b',
      },
    ],
    [
      'a title padded past the scan window with controls shows only "…"',
      `<subject>${'\u0001'.repeat(2_000)}Pay now</subject><body>b</body>`,
      { title: '…', body: 'b' },
    ],
    [
      'a body of only bidi overrides and a title of spaces is no push',
      '<subject>   </subject><body>\u202E\u202D\u2066</body>',
      null,
    ],
    [
      'entities decode to literal text, never markup',
      '<subject>&lt;b&gt;bold&lt;/b&gt; &amp;amp;</subject><body>b</body>',
      { title: '<b>bold</b> &amp;', body: 'b' },
    ],
    [
      'an XHTML-IM payload is ignored; the plain body is used',
      '<body>plain</body><html xmlns="http://jabber.org/protocol/xhtml-im"><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></body></html>',
      { title: 'plain', body: 'plain' },
    ],
    [
      'the first of two bodies wins',
      '<body>first</body><body>second</body>',
      { title: 'first', body: 'first' },
    ],
    [
      'a body in another namespace is not the body',
      '<subject>s</subject><body xmlns="urn:evil">evil</body>',
      { title: 's', body: '' },
    ],
  ])('%s', (_name, inner, expected) => {
    const push = codec(inner);
    expect(push && { title: push.title, body: push.body }).toEqual(expected);
  });
});

describe('codec: attributes of the extension', () => {
  const ext = (attrs: string) =>
    codec(`<subject>s</subject><push xmlns="${PUSH_NS}" id="a1" ${attrs}/>`);

  test.each([
    [
      'kind="TODO" priority="URGENT" (case matters)',
      'kind="TODO" priority="URGENT"',
      { kind: 'notice', priority: 'normal' },
    ],
    [
      'kind=" todo" priority="high " (no trimming)',
      'kind=" todo" priority="high "',
      { kind: 'notice', priority: 'normal' },
    ],
    [
      'kind="__proto__" priority="constructor"',
      'kind="__proto__" priority="constructor"',
      { kind: 'notice', priority: 'normal' },
    ],
    [
      'unknown attributes, also namespaced ones, are ignored',
      'kind="news" onclick="x" xmlns:e="urn:e" e:priority="urgent"',
      { kind: 'news', priority: 'normal' },
    ],
  ])('%s', (_name, attrs, expected) => {
    expect(ext(attrs)).toMatchObject(expected);
  });

  test.each([
    ['2026-13-01', null],
    ['2026-02-29', null],
    ['2026-12-01T24:00:00Z', null],
    ['2026-12-01T10:00:60Z', null],
    ['2026-12-01T10:00:00', null],
    ['2026-12-01T10:00:00+25:00', null],
    ['+002026-12-01', null],
    ['2026-12-01t10:00:00z', null],
    ['\uFF12\uFF10\uFF12\uFF16-12-01', null],
    ['next Friday', null],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    [' 2026-12-01 ', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T10:00:00.123456789+08:00', '2026-12-01T02:00:00.123Z'],
  ])('due=%j → %j', (due, expected) => {
    expect(ext(`due="${due}"`)?.due).toBe(expected);
  });
});

// ---- through the real engine into the inbox ------------------------------------------------

describe.each(SERVER_KINDS)('%s', (server) => {
  const harness = useServer(server);
  let user: Account;
  let system: Account;
  let sender: Peer;
  let engine: HeraldEngine;
  let inbox: Inbox;
  let dataDir: string;
  const ignored: string[] = [];

  beforeAll(async () => {
    user = await harness.account('alice');
    system = await harness.account('notify');
    sender = await connectPeer({ ...harness.server, ...system });
    dataDir = await mkdtemp(join(tmpdir(), 'herald-hostile-'));
    trustExtraCertificates(readFileSync(harness.server.caFile, 'utf8'));
    const { storage } = openSqliteInboxStorage(join(dataDir, 'inbox.sqlite'));
    inbox = new Inbox({ storage });
    engine = new HeraldEngine({
      service: harness.server.service,
      jid: user.jid,
      password: user.password,
      resource: 'hostile',
      systemJids: [system.jid],
      inbox,
    });
    engine.on('ignored', ({ reason }) => ignored.push(reason));
    const synced = new Promise((resolve) => engine.once('synced', resolve));
    engine.start();
    await synced;
  }, 60_000);

  afterAll(async () => {
    await sender?.stop();
    await engine?.stop();
    inbox?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Resolves with the stored item of the next push, or the reason the next message was ignored. */
  function nextOutcome(): Promise<InboxItem | string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(() => reject(new Error('no push and nothing ignored'))),
        15_000,
      );
      const onPush = ({ push }: { push: Push }) => done(() => resolve(inbox.get(push.id)!));
      const onIgnored = ({ reason }: { reason: string }) => done(() => resolve(reason));
      const done = (settle: () => void) => {
        clearTimeout(timer);
        engine.off('push', onPush);
        engine.off('ignored', onIgnored);
        settle();
      };
      engine.on('push', onPush);
      engine.on('ignored', onIgnored);
    });
  }

  let counter = 0;

  /** A message from the system account with `children`, through the server; what the engine made of it. */
  async function deliver(...children: Element[]): Promise<InboxItem | string> {
    const id = `mal-${++counter}`;
    const outcome = nextOutcome();
    await sender.sendAcked(xml('message', { to: user.jid, type: 'chat', id }, ...children));
    return outcome;
  }

  const subject = (text: string) => xml('subject', {}, text);
  const body = (text: string) => xml('body', {}, text);
  const ext = (attrs: Record<string, string>) => xml('push', { xmlns: PUSH_NS, ...attrs });
  const oob = (url: string, desc?: string) =>
    xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, url), desc ? xml('desc', {}, desc) : '');

  describe('engine → inbox (through the server)', () => {
    test('a push whose extension has no attributes: notice, normal, id from the sender and message id', async () => {
      const item = await deliver(body('Only a body\nsecond line'), ext({}));
      expect(item).toMatchObject({
        id: `${system.jid}/mal-${counter}`,
        kind: 'notice',
        priority: 'normal',
        title: 'Only a body',
        body: 'Only a body\nsecond line',
        due: null,
        category: null,
        url: null,
      });
    });

    test('unknown values and attributes fall back to the defaults', async () => {
      const item = await deliver(
        subject('Odd'),
        ext({ id: 'odd-attrs', kind: 'TASK', priority: 'p0', due: '2026-02-30', colour: 'red' }),
      );
      expect(item).toMatchObject({
        id: 'odd-attrs',
        kind: 'notice',
        priority: 'normal',
        due: null,
      });
    });

    test('an id that is not 1-200 printable characters is replaced by the sender/message id', async () => {
      const item = await deliver(subject('Bad id'), ext({ id: 'x'.repeat(PUSH_LIMITS.id + 1) }));
      expect(item).toMatchObject({ id: `${system.jid}/mal-${counter}` });
      const spaced = await deliver(subject('Spaced id'), ext({ id: 'has a space' }));
      expect(spaced).toMatchObject({ id: `${system.jid}/mal-${counter}` });
    });

    test('a 5,000-character title and a 200 kB body are cut at their limits with "…"', async () => {
      const item = await deliver(
        subject('T'.repeat(5_000)),
        body('B'.repeat(200_000)),
        ext({ id: 'huge', category: 'C'.repeat(1_000) }),
        oob('https://example.com/', 'L'.repeat(1_000)),
      );
      expect(item).toMatchObject({
        title: `${'T'.repeat(PUSH_LIMITS.title - 1)}…`,
        body: `${'B'.repeat(PUSH_LIMITS.body - 1)}…`,
        category: `${'C'.repeat(PUSH_LIMITS.category - 1)}…`,
        urlLabel: `${'L'.repeat(PUSH_LIMITS.urlLabel - 1)}…`,
      });
    });

    test('C1 controls, bidi overrides and line separators are removed from what is stored', async () => {
      const item = await deliver(
        subject('\u009B31mInvoice\u0085 \u202Efdp.exe\u202C\u2028approved'),
        body('line 1\nline 2\u0080\u2066hidden\u2069\u2029end'),
        ext({ id: 'controls', category: 'Fi\tnance\u202E' }),
      );
      expect(item).toMatchObject({
        title: '31mInvoice fdp.exe approved',
        body: 'line 1\nline 2hidden\nend',
        category: 'Fi nance',
      });
    });

    test("a C0 control character never reaches Herald: the server ends the sender's stream", async () => {
      // XML 1.0 has no BEL, not even as &#7;. A raw one is a stream error for whoever sends it.
      const rogue = await connectPeer({ ...harness.server, ...system, resource: 'rogue' });
      const closed = new Promise((resolve) => rogue.xmpp.once('disconnect', resolve));
      rogue.xmpp
        .write(`<message to="${user.jid}" type="chat"><body>bell \u0007</body></message>`)
        .catch(() => undefined);
      await closed;
      await rogue.stop();
      expect(engine.session.status.state).toBe('online');
    });

    test('a javascript: link is dropped, and its label with it', async () => {
      const item = await deliver(
        subject('JS link'),
        ext({ id: 'js-link' }),
        oob(' JaVaScRiPt:alert(1)', 'Open'),
      );
      expect(item).toMatchObject({ url: null, urlLabel: null });
    });

    test('a link with user and password is dropped', async () => {
      const item = await deliver(
        subject('Creds'),
        ext({ id: 'creds' }),
        oob('http://user:pass@erp.example.com/'),
      );
      expect(item).toMatchObject({ url: null, urlLabel: null });
    });

    test('an IDN look-alike host is stored (and shown) as punycode', async () => {
      const item = await deliver(
        subject('IDN'),
        ext({ id: 'idn' }),
        oob('https://\u0430\u0440\u0440\u04CF\u0435.com/login', 'Apple ID'),
      );
      expect(item).toMatchObject({ url: 'https://xn--80ak6aa92e.com/login', urlLabel: 'Apple ID' });
    });

    test('only the first link element counts: a safe second one does not rescue a bad first', async () => {
      const item = await deliver(
        subject('Two links'),
        ext({ id: 'two-links' }),
        oob('file:///etc/passwd'),
        oob('https://ok.example/'),
      );
      expect(item).toMatchObject({ url: null });
    });

    test('100 nested unknown elements pass the server and the engine', async () => {
      // Prosody's archive cannot store much deeper stanzas (serialization depth limit): it logs
      // a traceback and drops them, so 100 is about what can reach a client through it
      // (ejabberd passes 100 as well; the same depth is used on both).
      const root = xml('wrapper', { xmlns: 'urn:x:deep' });
      let cursor = root;
      for (let i = 0; i < 100; i++) cursor = cursor.c('wrapper');
      cursor.t('hidden');
      const item = await deliver(subject('Deep'), ext({ id: 'deep' }), root);
      expect(item).toMatchObject({ id: 'deep', title: 'Deep', body: '' });
    });

    test("10,000 nested elements, parsed by the client's own XML parser, are stored without the nesting", async () => {
      const deep = `${'<w>'.repeat(10_000)}hidden${'</w>'.repeat(10_000)}`;
      const el = parseStanza(
        `<message from="${system.jid}/gw" to="${user.jid}/hostile" type="chat" id="deeper">` +
          `<subject>Deeper</subject><push xmlns="${PUSH_NS}" id="deeper"/><x xmlns="urn:x:deep">${deep}</x></message>`,
      );
      const outcome = nextOutcome();
      engine.session.emit('stanza', el);
      expect(await outcome).toMatchObject({ id: 'deeper', title: 'Deeper', body: '' });
    });

    test('2,000 unknown extensions and 200 push extensions: the first push extension counts', async () => {
      const noise = Array.from({ length: 2_000 }, (_, i) =>
        xml('noise', { xmlns: `urn:x:${i}`, a: String(i) }),
      );
      const exts = Array.from({ length: 200 }, (_, i) =>
        ext({ id: `many-${i}`, kind: i === 0 ? 'todo' : 'news' }),
      );
      const item = await deliver(subject('Many'), ...noise, ...exts);
      expect(item).toMatchObject({ id: 'many-0', kind: 'todo' });
    });

    test('an invalid delay stamp marks it delayed at its arrival time; a future one is clamped', async () => {
      const delay = (stamp: string) => xml('delay', { xmlns: 'urn:xmpp:delay', stamp });
      const invalid = await deliver(
        subject('Bad stamp'),
        ext({ id: 'bad-stamp' }),
        delay('yesterday'),
      );
      expect(invalid).toMatchObject({ delayed: true });
      if (typeof invalid === 'string') throw new Error(invalid);
      expect(invalid.sentAt).toBe(invalid.receivedAt);
      const future = await deliver(
        subject('Future'),
        ext({ id: 'future-stamp' }),
        delay('2999-01-01T00:00:00Z'),
      );
      if (typeof future === 'string') throw new Error(future);
      expect(future.sentAt).toBe(future.receivedAt);
    });

    test('a message with an extension but no text is ignored as no-content', async () => {
      expect(
        await deliver(subject(' \u202E '), body('\u0080'), ext({ id: 'empty', kind: 'todo' })),
      ).toBe('no-content');
      expect(inbox.get('empty')).toBeUndefined();
    });

    test('after all of the above the engine is still online and a normal push arrives', async () => {
      const item = await deliver(subject('Normal'), body('b'), ext({ id: 'normal', kind: 'todo' }));
      expect(item).toMatchObject({ id: 'normal', kind: 'todo', title: 'Normal' });
      expect(engine.session.status.state).toBe('online');
      expect(ignored).toEqual(['no-content']);
    });
  });
});
