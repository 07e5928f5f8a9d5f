import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import {
  PUSH_LIMITS,
  parseIsoDate,
  parsePushMessage,
  peekPushId,
  serializePush,
} from './push-codec.ts';
import type { ParseContext } from './push-codec.ts';
import { FIRST_SEND, type PushDraft } from './push.ts';
import { parseStanza } from '../test/support/stanza.ts';

const RECEIVED_AT = Date.UTC(2026, 10, 24, 12, 0, 0);
const ctx: ParseContext = { receivedAt: RECEIVED_AT, ownBareJid: 'alice@example.com' };
// The repo's copy of /work/shared/samples/pushes.json (dev/samples/pushes.json).
const samples = JSON.parse(
  readFileSync(new URL('../dev/samples/pushes.json', import.meta.url), 'utf8'),
) as PushDraft[];

/** A message from the system JID with the given inner XML. */
function msg(inner: string, attrs = 'from="notify@example.com/gw" id="m1" type="chat"'): Element {
  return parseStanza(`<message ${attrs}>${inner}</message>`);
}

function parse(el: Element, context: Partial<ParseContext> = {}) {
  const push = parsePushMessage(el, { ...ctx, ...context });
  if (!push) throw new Error('expected a push');
  return push;
}

const DESIGN_EXAMPLE = `<message from="notify@example.com" to="alice@example.com" type="chat" id="8f1c">
  <subject>Approve expense report #4411</subject>
  <body>Bob submitted 1,240.00 EUR for Berlin trip. Due Friday.</body>
  <push xmlns="urn:herald:push:0" id="8f1c" kind="todo" priority="high"
        due="2026-12-01T10:00:00Z" category="Finance"/>
  <x xmlns="jabber:x:oob"><url>https://erp.example.com/approve/4411</url><desc>Open in ERP</desc></x>
  <request xmlns="urn:xmpp:receipts"/>
  <store xmlns="urn:xmpp:hints"/>
  <origin-id xmlns="urn:xmpp:sid:0" id="8f1c"/>
</message>`;

describe('parsePushMessage: fields', () => {
  it('reads the design example into a full push', () => {
    expect(parsePushMessage(parseStanza(DESIGN_EXAMPLE), ctx)).toEqual({
      id: '8f1c',
      kind: 'todo',
      priority: 'high',
      title: 'Approve expense report #4411',
      body: 'Bob submitted 1,240.00 EUR for Berlin trip. Due Friday.',
      url: 'https://erp.example.com/approve/4411',
      urlLabel: 'Open in ERP',
      due: '2026-12-01T10:00:00.000Z',
      category: 'Finance',
      from: 'notify@example.com',
      sentAt: RECEIVED_AT,
      receivedAt: RECEIVED_AT,
      delayed: false,
      ...FIRST_SEND,
    });
  });

  it('treats a plain subject + body message (the original plugin) as a normal notice', () => {
    const push = parse(msg('<subject>系统消息</subject><body>只有主题和正文</body>'));
    expect(push).toMatchObject({
      kind: 'notice',
      priority: 'normal',
      title: '系统消息',
      body: '只有主题和正文',
      url: null,
      urlLabel: null,
      due: null,
      category: null,
      id: 'notify@example.com/m1',
    });
  });

  it('uses the first line of the body as title when there is no subject, keeping the body whole', () => {
    const push = parse(msg('<body>\n  Disk almost full\nserver db-1 at 97%\n</body>'));
    expect(push.title).toBe('Disk almost full');
    expect(push.body).toBe('Disk almost full\nserver db-1 at 97%');
  });

  it('accepts a subject without body (empty body)', () => {
    expect(parse(msg('<subject>Ping</subject>'))).toMatchObject({ title: 'Ping', body: '' });
  });

  it.each([
    ['a chat state', '<active xmlns="http://jabber.org/protocol/chatstates"/>'],
    ['a receipt', '<received xmlns="urn:xmpp:receipts" id="x"/>'],
    ['empty subject and body', '<subject/><body></body>'],
    [
      'whitespace and control characters only',
      '<subject> \t </subject><body>&#x9;\u0007 \u202E</body>',
    ],
  ])('returns null for %s', (_name, inner) => {
    expect(parsePushMessage(msg(inner), ctx)).toBeNull();
  });

  it('defaults unknown or missing kind and priority to notice / normal', () => {
    const odd = parse(
      msg('<body>x</body><push xmlns="urn:herald:push:0" kind="alarm" priority="HIGH"/>'),
    );
    expect([odd.kind, odd.priority]).toEqual(['notice', 'normal']);
    const bare = parse(msg('<body>x</body><push xmlns="urn:herald:push:0"/>'));
    expect([bare.kind, bare.priority, bare.due, bare.category]).toEqual([
      'notice',
      'normal',
      null,
      null,
    ]);
  });

  it('ignores a <push> element in another namespace', () => {
    const push = parse(msg('<body>x</body><push xmlns="urn:evil" kind="todo" id="evil"/>'));
    expect([push.kind, push.id]).toEqual(['notice', 'notify@example.com/m1']);
  });

  it.each([
    ['2026-12-01T10:00:00Z', '2026-12-01T10:00:00.000Z'],
    ['2026-12-01T18:00:00+08:00', '2026-12-01T10:00:00.000Z'],
    ['2026-12-01T10:00Z', '2026-12-01T10:00:00.000Z'],
    ['2026-12-01T10:00:00.123456Z', '2026-12-01T10:00:00.123Z'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2026-02-30T10:00:00Z', null],
    ['2026-02-29', null],
    ['2026-13-01', null],
    ['2026-12-01T24:00:00Z', null],
    ['2026-12-01T10:00:00', null], // no zone: would depend on this machine's zone
    ['next Friday', null],
    ['1', null],
    ['', null],
  ])('due %j becomes %j', (due, expected) => {
    const push = parse(msg(`<body>x</body><push xmlns="urn:herald:push:0" due="${due}"/>`));
    expect(push.due).toBe(expected);
  });

  it('lowercases the sender and drops its resource', () => {
    const push = parse(msg('<body>x</body>', 'from="Notify@Example.COM/Gateway-1"'));
    expect(push.from).toBe('notify@example.com');
  });
});

describe('parsePushMessage: links', () => {
  const link = (url: string, desc = '<desc>Open</desc>') =>
    parse(msg(`<body>x</body><x xmlns="jabber:x:oob"><url>${url}</url>${desc}</x>`));

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'file:///etc/passwd',
    'data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;',
    'herald://settings',
    'ftp://files.example.com/a',
    'https://user:pw@erp.example.com/',
    'https://erp.example.com@evil.example/',
    'not a url',
    'https://',
    `https://example.com/${'a'.repeat(2030)}`,
  ])('drops %s, and its label with it', (url) => {
    expect(link(url)).toMatchObject({ url: null, urlLabel: null });
  });

  it('keeps http(s) links in their normalised form', () => {
    expect(link('  HTTPS://ERP.Example.com/a b?x=1#y ')).toMatchObject({
      url: 'https://erp.example.com/a%20b?x=1#y',
      urlLabel: 'Open',
    });
    expect(link('http://intranet.example.cn/news/301', '').url).toBe(
      'http://intranet.example.cn/news/301',
    );
    expect(link('http://intranet.example.cn/', '').urlLabel).toBeNull();
  });

  it('shows an IDN look-alike host as punycode', () => {
    // "exаmple" with a Cyrillic а (U+0430) must not read as example.com.
    expect(link('https://ex\u0430mple.com/login').url).toBe('https://xn--exmple-4nf.com/login');
  });

  it('sanitises and bounds the link label', () => {
    const push = link('https://a.example/', `<desc>\u202Eevil\n${'L'.repeat(200)}</desc>`);
    expect(push.urlLabel).toHaveLength(PUSH_LIMITS.urlLabel);
    expect(push.urlLabel?.startsWith('evil LLL')).toBe(true);
    expect(push.urlLabel?.endsWith('…')).toBe(true);
  });
});

describe('parsePushMessage: text sanitising', () => {
  it('strips control characters but keeps tabs and newlines, normalising CRLF', () => {
    const push = parse(
      msg('<subject>Build\u0007 failed\u0085</subject><body>a\tb&#13;\nc&#13;d\u001b[31m</body>'),
    );
    expect(push.title).toBe('Build failed');
    expect(push.body).toBe('a\tb\nc\nd[31m');
  });

  it('removes bidi overrides so a file name cannot be disguised', () => {
    const push = parse(
      msg(
        '<subject>invoice\u202Egpj.exe</subject><body>\u2066a\u2069\u202Ab\u202C\u202D\u202B</body>',
      ),
    );
    expect(push.title).toBe('invoicegpj.exe');
    expect(push.body).toBe('ab');
  });

  it('NFC-normalises and collapses newlines in single-line fields', () => {
    const push = parse(
      msg(
        '<subject>Cafe\u0301\nmenu</subject><body>x</body><push xmlns="urn:herald:push:0" category=" Fin\tance "/>',
      ),
    );
    expect(push.title).toBe('Café menu');
    expect(push.category).toBe('Fin ance');
  });

  it('truncates every field at its limit with an ellipsis', () => {
    const long = (n: number) => 'a'.repeat(n);
    const push = parse(
      msg(
        `<subject>${long(301)}</subject><body>${long(10_001)}</body>` +
          `<push xmlns="urn:herald:push:0" category="${long(65)}"/>`,
      ),
    );
    expect(push.title).toBe(`${long(299)}…`);
    expect(push.body).toBe(`${long(9_999)}…`);
    expect(push.category).toBe(`${long(63)}…`);
    const exact = parse(msg(`<subject>${long(300)}</subject>`));
    expect(exact.title).toBe(long(300));
  });

  it('never cuts an emoji in half', () => {
    const push = parse(msg(`<subject>${'😀'.repeat(200)}</subject>`));
    expect(push.title.isWellFormed()).toBe(true);
    expect(push.title.length).toBeLessThanOrEqual(PUSH_LIMITS.title);
    expect(push.title.endsWith('😀…')).toBe(true);
  });
});

describe('parsePushMessage: hostile structure', () => {
  it('bounds a 1 MB body', () => {
    const push = parse(msg(`<subject>big</subject><body>${'x'.repeat(1_000_000)}</body>`));
    expect(push.body).toHaveLength(PUSH_LIMITS.body);
    expect(push.title).toBe('big');
  });

  it('survives 10,000 nested elements', () => {
    const el = xml(
      'message',
      { from: 'notify@example.com', id: 'deep' },
      xml('subject', {}, 'Deep'),
    );
    let cursor = el.c('wrapper', { xmlns: 'urn:x' });
    for (let i = 0; i < 10_000; i += 1) cursor = cursor.c('wrapper');
    cursor.t('hidden');
    expect(parsePushMessage(el, ctx)).toMatchObject({ title: 'Deep', body: '' });
  });

  it('takes the first of 500 push extensions', () => {
    const exts = Array.from(
      { length: 500 },
      (_, i) => `<push xmlns="urn:herald:push:0" id="p${i}" kind="${i === 0 ? 'todo' : 'news'}"/>`,
    ).join('');
    expect(parse(msg(`<body>x</body>${exts}`))).toMatchObject({ id: 'p0', kind: 'todo' });
  });

  it('never throws on odd shapes and attribute types', () => {
    const odd: Element[] = [
      xml('message'),
      xml('message', { from: 42, id: {} }, xml('body', {}, 'x')),
      xml('message', { from: '@/' }, xml('body', {}, 'x')),
      xml('message', {}, xml('body', {}, xml('body', {}, 'nested only'))),
      msg(
        '<body>x</body><push xmlns="urn:herald:push:0" due="9999999-01-01"/><delay xmlns="urn:xmpp:delay"/>',
      ),
      msg('<body>x</body><x xmlns="jabber:x:oob"/><x xmlns="jabber:x:oob"><url/></x>'),
    ];
    const el = odd[1];
    if (el) el.attrs.from = 42; // not a string once parsed by a careless caller
    // The catch-all must not be what makes these pass: each is parsed, none throws inside.
    const thrown: unknown[] = [];
    const parsed = odd.map((el) =>
      parsePushMessage(el, { ...ctx, onMalformed: (error) => thrown.push(error) }),
    );
    expect(thrown).toEqual([]);
    expect(parsed[0]).toBeNull(); // no subject, no body: not a push
    expect(parsed[1]).toMatchObject({ from: '', body: 'x' });
    expect(parsed[2]).toMatchObject({ from: '', body: 'x' });
    expect(parsed[3]).toBeNull(); // the only text is in a nested <body>, not the message's
    // A bad due is dropped; a <delay> without a stamp still says the message waited.
    expect(parsed[4]).toMatchObject({ body: 'x', due: null, delayed: true });
    expect(parsed[5]).toMatchObject({ body: 'x', url: null, urlLabel: null });
  });

  it('a throw inside parsing is reported and reads as no push', () => {
    const hostile = msg('<body>x</body>');
    Object.defineProperty(hostile, 'children', {
      get() {
        throw new Error('boom');
      },
    });
    const thrown: unknown[] = [];
    expect(parsePushMessage(hostile, { ...ctx, onMalformed: (e) => thrown.push(e) })).toBeNull();
    expect(thrown).toEqual([new Error('boom')]);
  });
});

describe('parsePushMessage: id (idempotency key)', () => {
  const ext = (id: string) => `<push xmlns="urn:herald:push:0" id="${id}"/>`;
  const origin = '<origin-id xmlns="urn:xmpp:sid:0" id="origin-1"/>';
  const ownStanzaId = '<stanza-id xmlns="urn:xmpp:sid:0" by="Alice@example.com" id="arch-9"/>';

  it('prefers the extension id, then origin-id, then from/message id', () => {
    expect(parse(msg(`<body>x</body>${ext('erp-4411')}${origin}`)).id).toBe('erp-4411');
    expect(parse(msg(`<body>x</body>${origin}`)).id).toBe('origin-1');
    expect(parse(msg('<body>x</body>', 'from="Notify@Example.com/gw" id="abc"')).id).toBe(
      'notify@example.com/abc',
    );
  });

  it.each([
    ['empty', ''],
    ['with a space', 'a b'],
    ['with a control character', 'a\u0007b'],
    ['with a bidi override', 'a\u202Eb'],
    ['too long', 'x'.repeat(201)],
  ])('skips an extension id that is %s', (_name, id) => {
    expect(parse(msg(`<body>x</body>${ext(id)}${origin}`)).id).toBe('origin-1');
  });

  it('accepts 200 printable characters, including non-ASCII', () => {
    expect(parse(msg(`<body>x</body>${ext('审'.repeat(200))}`)).id).toBe('审'.repeat(200));
  });

  it("then uses our own server's stanza-id, then the archive id from the caller", () => {
    const noIds = 'from="notify@example.com"';
    expect(parse(msg(`<body>x</body>${ownStanzaId}`, noIds)).id).toBe('arch-9');
    const foreign = '<stanza-id xmlns="urn:xmpp:sid:0" by="evil@example.com" id="evil"/>';
    expect(parse(msg(`<body>x</body>${foreign}`, noIds)).id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parse(msg('<body>x</body>', noIds), { archiveId: 'mam-7' }).id).toBe('mam-7');
    // The trust check's rule too (core/stanza-parts.ts): a full JID in `by` is not our archive.
    const fullBy = '<stanza-id xmlns="urn:xmpp:sid:0" by="alice@example.com/phone" id="claim"/>';
    expect(parse(msg(`<body>x</body>${fullBy}`, noIds)).id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('falls back to a stable content hash', () => {
    const a = parse(msg('<subject>s</subject><body>b</body>', 'from="notify@example.com"'));
    const again = parse(msg('<subject>s</subject><body>b</body>', 'from="notify@example.com/x"'));
    const other = parse(msg('<subject>s</subject><body>c</body>', 'from="notify@example.com"'));
    expect(a.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.id).toBe(a.id);
    expect(other.id).not.toBe(a.id);
  });

  it('gives live, offline and archived copies of one push the same id', () => {
    const live = parse(parseStanza(DESIGN_EXAMPLE));
    const offline = parse(
      parseStanza(
        DESIGN_EXAMPLE.replace(
          '</message>',
          '<delay xmlns="urn:xmpp:delay" stamp="2026-11-24T11:00:00Z"/></message>',
        ),
      ),
    );
    const archived = parse(parseStanza(DESIGN_EXAMPLE), {
      delayStamp: '2026-11-24T11:00:00Z',
      archiveId: 'a1',
    });
    expect(new Set([live.id, offline.id, archived.id])).toEqual(new Set(['8f1c']));
  });
});

describe('peekPushId', () => {
  it('gives the id parsing would give, or null where parsing would hash the content', () => {
    const cases: Array<[Element, Partial<ParseContext>]> = [
      [msg('<body>x</body><push xmlns="urn:herald:push:0" id="erp-4411"/>'), {}],
      [msg('<body>x</body><origin-id xmlns="urn:xmpp:sid:0" id="o-1"/>'), {}],
      [msg('<body>x</body>', 'from="Notify@Example.com/gw" id="abc"'), {}],
      [
        msg(
          '<body>x</body><stanza-id xmlns="urn:xmpp:sid:0" by="alice@example.com" id="s-2"/>',
          'from="notify@example.com"',
        ),
        {},
      ],
      [msg('<body>x</body>', 'from="notify@example.com"'), { archiveId: 'mam-7' }],
    ];
    for (const [message, context] of cases) {
      expect(peekPushId(message, { ...ctx, ...context })).toBe(parse(message, context).id);
    }
    const hashed = msg('<body>x</body>', 'from="notify@example.com"');
    expect(parse(hashed).id).toMatch(/^sha256:/);
    expect(peekPushId(hashed, ctx)).toBeNull();
  });
});

describe('parsePushMessage: delay', () => {
  const withDelay = (stamp: string) =>
    msg(`<body>x</body><delay xmlns="urn:xmpp:delay" from="example.com" stamp="${stamp}"/>`);

  it('uses the delay stamp as sentAt and marks the push delayed', () => {
    expect(parse(withDelay('2026-11-24T11:00:00Z'))).toMatchObject({
      sentAt: Date.UTC(2026, 10, 24, 11),
      receivedAt: RECEIVED_AT,
      delayed: true,
    });
  });

  it('prefers the stamp beside a forwarded message over one inside it', () => {
    const push = parse(withDelay('2026-11-24T11:00:00Z'), { delayStamp: '2026-11-24T10:00:00Z' });
    expect(push.sentAt).toBe(Date.UTC(2026, 10, 24, 10));
    expect(parse(msg('<body>x</body>'), { delayStamp: '2026-11-24T10:00:00Z' }).delayed).toBe(true);
  });

  it('keeps receivedAt for an invalid stamp, and clamps a future one', () => {
    expect(parse(withDelay('yesterday'))).toMatchObject({ sentAt: RECEIVED_AT, delayed: true });
    expect(parse(withDelay('2030-01-01T00:00:00Z')).sentAt).toBe(RECEIVED_AT);
    expect(parse(msg('<body>x</body>'))).toMatchObject({ sentAt: RECEIVED_AT, delayed: false });
  });
});

describe('serializePush', () => {
  const draft: PushDraft = {
    id: '8f1c',
    kind: 'todo',
    priority: 'high',
    title: 'Approve expense report #4411',
    body: 'Bob submitted 1,240.00 EUR for Berlin trip. Due Friday.',
    url: 'https://erp.example.com/approve/4411',
    urlLabel: 'Open in ERP',
    due: '2026-12-01T10:00:00Z',
    category: 'Finance',
  };

  it('produces exactly the design wire format', () => {
    expect(serializePush(draft, 'alice@example.com').toString()).toBe(
      '<message to="alice@example.com" type="chat" id="8f1c">' +
        '<subject>Approve expense report #4411</subject>' +
        '<body>Bob submitted 1,240.00 EUR for Berlin trip. Due Friday.</body>' +
        '<push xmlns="urn:herald:push:0" id="8f1c" kind="todo" priority="high" due="2026-12-01T10:00:00Z" category="Finance"/>' +
        '<x xmlns="jabber:x:oob"><url>https://erp.example.com/approve/4411</url><desc>Open in ERP</desc></x>' +
        '<request xmlns="urn:xmpp:receipts"/><store xmlns="urn:xmpp:hints"/>' +
        '<origin-id xmlns="urn:xmpp:sid:0" id="8f1c"/></message>',
    );
  });

  it('writes only the attributes that are set and honours the options', () => {
    const minimal = serializePush({ id: 'n1', title: 'T', body: 'B' }, 'bob@example.com', {
      type: 'normal',
      requestReceipt: false,
    });
    expect(minimal.toString()).toBe(
      '<message to="bob@example.com" type="normal" id="n1"><subject>T</subject><body>B</body>' +
        '<push xmlns="urn:herald:push:0" id="n1"/><store xmlns="urn:xmpp:hints"/>' +
        '<origin-id xmlns="urn:xmpp:sid:0" id="n1"/></message>',
    );
  });

  it('leaves out a link that is not http(s), and a label without a link', () => {
    const el = serializePush({ ...draft, url: 'javascript:alert(1)' }, 'alice@example.com');
    expect(el.getChild('x', 'jabber:x:oob')).toBeUndefined();
    const noLabel = serializePush({ ...draft, urlLabel: null }, 'alice@example.com');
    expect(noLabel.getChild('x', 'jabber:x:oob')?.toString()).toBe(
      '<x xmlns="jabber:x:oob"><url>https://erp.example.com/approve/4411</url></x>',
    );
  });

  it('strips characters XML cannot carry, so the stream survives', () => {
    const el = serializePush({ id: 'z', title: 'a\u0000b', body: 'c\u0001d\uD800<&>' }, 'a@b');
    const back = parse(
      parseStanza(el.toString().replace('<message ', '<message from="notify@example.com" ')),
    );
    expect([back.title, back.body]).toEqual(['ab', 'cd<&>']);
  });

  it.each(samples.map((sample) => [sample.id, sample] as const))(
    'round-trips sample %s through the wire',
    (_id, sample) => {
      const el = serializePush(sample, 'alice@example.com');
      const wire = el.toString().replace('<message ', '<message from="notify@example.com/gw" ');
      const push = parse(parseStanza(wire));
      expect(push).toEqual({
        id: sample.id,
        kind: sample.kind ?? 'notice',
        priority: sample.priority ?? 'normal',
        title: sample.title,
        body: sample.body,
        url: sample.url ?? null,
        urlLabel: sample.urlLabel ?? null,
        due: sample.due ? new Date(sample.due).toISOString() : null,
        category: sample.category ?? null,
        from: 'notify@example.com',
        sentAt: RECEIVED_AT,
        receivedAt: RECEIVED_AT,
        delayed: false,
        ...FIRST_SEND,
      });
    },
  );

  it('has English and Chinese samples to round-trip', () => {
    expect(samples.some((s) => /[\u4e00-\u9fff]/.test(s.title))).toBe(true);
    expect(samples.some((s) => /^[\x20-\x7e–]+$/.test(s.title))).toBe(true);
  });
});

describe('parseIsoDate', () => {
  it('parses XEP-0082 dates to epoch ms', () => {
    expect(parseIsoDate('1970-01-01T00:00:01Z')).toBe(1000);
    expect(parseIsoDate('2026-11-24T12:00:00-05:00')).toBe(Date.UTC(2026, 10, 24, 17));
    expect(parseIsoDate('2026-11-24T12:00:60Z')).toBeNull();
  });

  it.each([
    '2026-11-24',
    '2024-02-29',
    '2026-11-24T12:00Z',
    '2026-11-24T12:00:00.5+05:30',
    '2026-11-24T12:00:00.123456789Z',
    '2026-11-24T23:59:59.999-14:00',
    '0050-06-01T00:00:00Z',
    ' 9999-12-31T23:59:59Z ',
  ])('gives %j the instant Date.parse gives', (value) => {
    expect(parseIsoDate(value)).toBe(Date.parse(value.trim()));
  });

  it.each(['2026-02-29', '2026-04-31', '2026-13-01', '2026-11-24T12:00:00', '2026-11-24T24:00Z'])(
    'rejects %j',
    (value) => expect(parseIsoDate(value)).toBeNull(),
  );
});
