import { describe, expect, it } from 'vitest';
import type { Element } from '@xmpp/xml';
import { normalizeBareJid } from './jid.ts';
import { classifyIncomingMessage } from './stanza-trust.ts';
import type { TrustContext } from './stanza-trust.ts';
import { parseStanza } from '../test/support/stanza.ts';

const OWN = 'alice@example.com';
const SYSTEM = 'notify@example.com';
const ctx: TrustContext = {
  ownBareJid: OWN,
  systemJids: new Set([SYSTEM]),
  isOurMamQuery: (id) => id === 'q1',
};

const inner = (from = `${SYSTEM}/gw`, extra = '') =>
  `<message xmlns="jabber:client" from="${from}" to="${OWN}" type="chat" id="i1">` +
  `<body>Deploy failed</body>${extra}</message>`;

const live = (from: string, extra = '', type = 'chat') =>
  parseStanza(
    `<message from="${from}" to="${OWN}/desk" type="${type}" id="m1"><body>hi</body>${extra}</message>`,
  );

const carbon = (wrapperFrom: string | null, kind = 'received', innerXml = inner()) =>
  parseStanza(
    `<message ${wrapperFrom === null ? '' : `from="${wrapperFrom}"`} to="${OWN}/desk">` +
      `<${kind} xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0">${innerXml}</forwarded></${kind}></message>`,
  );

const mam = (wrapperFrom: string | null, queryId = 'q1', innerXml = inner()) =>
  parseStanza(
    `<message ${wrapperFrom === null ? '' : `from="${wrapperFrom}"`} to="${OWN}/desk">` +
      `<result xmlns="urn:xmpp:mam:2" queryid="${queryId}" id="arch-42">` +
      `<forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay" stamp="2026-11-24T10:00:00Z"/>` +
      `${innerXml}</forwarded></result></message>`,
  );

const reason = (el: Element) => {
  const result = classifyIncomingMessage(el, ctx);
  if (result.verdict === 'own-event') return `own-event:${result.source}`;
  return result.verdict === 'ignore' ? result.reason : `push:${result.source}`;
};

describe('live messages', () => {
  it('accepts a message from the system JID and returns the stanza itself', () => {
    const el = live(SYSTEM);
    expect(classifyIncomingMessage(el, ctx)).toEqual({
      verdict: 'push',
      source: 'live',
      message: el,
      archiveId: null,
      delayStamp: null,
    });
  });

  it.each([
    ['another resource of the system JID', `${SYSTEM}/other-gateway`],
    ['upper-case domain and localpart', 'Notify@EXAMPLE.com/gw'],
  ])('accepts %s', (_name, from) => {
    expect(reason(live(from))).toBe('push:live');
  });

  it.each([
    ['another user', 'mallory@example.com'],
    ['the system localpart on another domain', 'notify@example.org'],
    ['a Cyrillic look-alike (о)', 'n\u043etify@example.com'],
    ['full-width letters', '\uFF4E\uFF4F\uFF54\uFF49\uFF46\uFF59@example.com'],
    ['a Kelvin sign that Unicode lowercases to k', 'notify@example.\u212Aom'],
    ['the system domain itself', 'example.com'],
    ['a subdomain', 'notify@evil.example.com'],
    ['our own account', OWN],
    ['an unparsable address', '@/x'],
  ])('ignores %s', (_name, from) => {
    expect(reason(live(from))).toBe('not-from-system-jid');
  });

  it('ignores a message without from (it would come from our own account)', () => {
    expect(reason(parseStanza('<message type="chat"><body>hi</body></message>'))).toBe(
      'not-from-system-jid',
    );
  });

  it('accepts headline from the system JID (servers just will not store it offline)', () => {
    expect(reason(live(SYSTEM, '', 'headline'))).toBe('push:live');
    expect(reason(live(SYSTEM, '', 'normal'))).toBe('push:live');
  });

  it.each([
    ['error', 'type-error'],
    ['groupchat', 'type-groupchat'],
  ])('ignores type %s even from the system JID', (type, expected) => {
    expect(reason(live(SYSTEM, '', type))).toBe(expected);
  });

  it('ignores anything that is not a message', () => {
    expect(reason(parseStanza(`<presence from="${SYSTEM}"/>`))).toBe('not-a-message');
    expect(reason(parseStanza(`<iq from="${SYSTEM}" type="set" id="1"/>`))).toBe('not-a-message');
  });

  it("takes the archive id only from our own server's stanza-id", () => {
    const ours = live(
      SYSTEM,
      '<stanza-id xmlns="urn:xmpp:sid:0" by="Alice@Example.com" id="s-1"/>',
    );
    expect(classifyIncomingMessage(ours, ctx)).toMatchObject({ archiveId: 's-1' });
    const foreign = live(
      SYSTEM,
      '<stanza-id xmlns="urn:xmpp:sid:0" by="notify@example.com" id="forged"/>' +
        '<stanza-id xmlns="urn:xmpp:sid:0" by="alice@example.com/desk" id="full"/>',
    );
    expect(classifyIncomingMessage(foreign, ctx)).toMatchObject({ archiveId: null });
  });

  it('normalises configured system JIDs the same way', () => {
    const loose = { ...ctx, systemJids: new Set(['Notify@Example.com']) };
    expect(classifyIncomingMessage(live('notify@example.com'), loose).verdict).toBe('push');
  });
});

describe('carbons (XEP-0280)', () => {
  it('unwraps a received carbon from our bare JID', () => {
    const el = carbon(OWN);
    const result = classifyIncomingMessage(el, ctx);
    expect(result).toMatchObject({
      verdict: 'push',
      source: 'carbon',
      archiveId: null,
      delayStamp: null,
    });
    if (result.verdict === 'push') expect(result.message.attrs.id).toBe('i1');
  });

  it('accepts our bare JID in another case', () => {
    expect(reason(carbon('ALICE@example.com'))).toBe('push:carbon');
  });

  it.each([
    ['another user', 'mallory@example.com'],
    // XEP-0280 §11: only the server wraps, from our bare JID; a full JID is one of our own
    // client sessions talking directly, and a compromised or buggy one must not inject pushes.
    ['our full JID with a resource', `${OWN}/phone`],
    ['the system JID itself', SYSTEM],
    ['our server domain', 'example.com'],
  ])('ignores a carbon whose wrapper is from %s', (_name, from) => {
    expect(reason(carbon(from))).toBe('forged-carbon');
  });

  it('ignores a carbon without a wrapper from', () => {
    expect(reason(carbon(null))).toBe('forged-carbon');
  });

  it('ignores sent carbons (our own outgoing messages)', () => {
    expect(reason(carbon(OWN, 'sent'))).toBe('sent-carbon');
    expect(reason(carbon('mallory@example.com', 'sent'))).toBe('forged-carbon');
  });

  it('requires the forwarded message to come from a system JID', () => {
    expect(reason(carbon(OWN, 'received', inner('mallory@example.com/x')))).toBe(
      'not-from-system-jid',
    );
    expect(
      reason(carbon(OWN, 'received', inner(`${SYSTEM}/gw`).replace('type="chat"', 'type="error"'))),
    ).toBe('type-error');
  });

  it('ignores a carbon with nothing forwarded', () => {
    expect(
      reason(
        parseStanza(`<message from="${OWN}"><received xmlns="urn:xmpp:carbons:2"/></message>`),
      ),
    ).toBe('malformed-carbon');
  });

  it('ignores a forged carbon even when the outer sender is a system JID', () => {
    expect(reason(carbon(SYSTEM))).toBe('forged-carbon');
  });
});

describe('archive results (XEP-0313)', () => {
  it('unwraps our own query result with its archive id and delay stamp', () => {
    const result = classifyIncomingMessage(mam(null), ctx);
    expect(result).toMatchObject({
      verdict: 'push',
      source: 'archive',
      archiveId: 'arch-42',
      delayStamp: '2026-11-24T10:00:00Z',
    });
    if (result.verdict === 'push') expect(result.message.attrs.id).toBe('i1');
  });

  it('accepts a result from our bare JID', () => {
    expect(reason(mam(OWN))).toBe('push:archive');
  });

  it.each([
    ['another user', 'mallory@example.com'],
    ['the system JID', SYSTEM],
    ['our full JID', `${OWN}/phone`],
    ['a MUC archive', 'room@conference.example.com'],
  ])('ignores a result from %s', (_name, from) => {
    expect(reason(mam(from))).toBe('forged-mam');
  });

  it('ignores a result for a query we did not send', () => {
    expect(reason(mam(null, 'q-guess'))).toBe('unknown-mam-query');
    expect(
      reason(
        parseStanza(
          `<message><result xmlns="urn:xmpp:mam:2" id="a"><forwarded xmlns="urn:xmpp:forward:0">${inner()}</forwarded></result></message>`,
        ),
      ),
    ).toBe('unknown-mam-query');
  });

  it('ignores archived messages that were not from a system JID (including our own)', () => {
    expect(reason(mam(null, 'q1', inner('mallory@example.com')))).toBe('not-from-system-jid');
    expect(reason(mam(null, 'q1', inner(`${OWN}/desk`)))).toBe('not-from-system-jid');
  });

  it('ignores a result with nothing forwarded, and returns a null stamp when there is no delay', () => {
    expect(
      reason(
        parseStanza('<message><result xmlns="urn:xmpp:mam:2" queryid="q1" id="a"/></message>'),
      ),
    ).toBe('malformed-mam');
    const noDelay = parseStanza(
      `<message><result xmlns="urn:xmpp:mam:2" queryid="q1"><forwarded xmlns="urn:xmpp:forward:0">${inner()}</forwarded></result></message>`,
    );
    expect(classifyIncomingMessage(noDelay, ctx)).toMatchObject({
      archiveId: null,
      delayStamp: null,
    });
  });

  it('ignores a message carrying both a carbon and an archive wrapper', () => {
    const both = parseStanza(
      `<message from="${OWN}"><received xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0">${inner()}</forwarded></received>` +
        `<result xmlns="urn:xmpp:mam:2" queryid="q1" id="a"><forwarded xmlns="urn:xmpp:forward:0">${inner()}</forwarded></result></message>`,
    );
    expect(reason(both)).toBe('multiple-wrappers');
  });

  it('ignores wrappers in other namespaces as ordinary live content', () => {
    const fake = live(SYSTEM, '<result xmlns="urn:xmpp:mam:1" queryid="q1"/>');
    expect(reason(fake)).toBe('push:live');
  });
});

describe('normalizeBareJid', () => {
  it.each([
    ['Notify@Example.COM/Res/with/slash', 'notify@example.com'],
    ['example.com', 'example.com'],
    ['ÄLICE@example.com', 'Älice@example.com'],
    ['notify@example.\u212Aom', 'notify@example.\u212Aom'],
    ['', null],
    ['@example.com', null],
    ['a@b@c', null],
    ['/res', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeBareJid(input)).toBe(expected);
  });
});

describe("the user's own events from their other devices", () => {
  const ownEvent = (from: string, to = SYSTEM) =>
    `<message xmlns="jabber:client" from="${from}" to="${to}" type="chat" id="e1">` +
    '<event xmlns="urn:herald:push:0" id="e1" push="p" type="read" at="2026-12-02T12:00:00Z"/></message>';

  it('are taken from a sent carbon and from our own archive', () => {
    expect(reason(carbon(OWN, 'sent', ownEvent(`${OWN}/laptop`)))).toBe('own-event:carbon');
    expect(reason(mam(null, 'q1', ownEvent(`${OWN}/laptop`)))).toBe('own-event:archive');
  });

  it.each([
    ['another user', 'mallory@example.com/x', SYSTEM],
    ['the system JID', `${SYSTEM}/gw`, SYSTEM],
    ['us, to someone who is not a system JID', `${OWN}/laptop`, 'bob@example.com'],
  ])('are not taken from %s', (_name, from, to) => {
    expect(reason(carbon(OWN, 'sent', ownEvent(from, to)))).toBe('sent-carbon');
    expect(reason(mam(null, 'q1', ownEvent(from, to)))).not.toMatch(/^own-event/);
  });

  it('are not taken from a forged wrapper or a query we did not send', () => {
    expect(reason(carbon('mallory@example.com', 'sent', ownEvent(`${OWN}/x`)))).toBe(
      'forged-carbon',
    );
    expect(reason(carbon(`${OWN}/phone`, 'sent', ownEvent(`${OWN}/x`)))).toBe('forged-carbon');
    expect(reason(mam('mallory@example.com', 'q1', ownEvent(`${OWN}/x`)))).toBe('forged-mam');
    expect(reason(mam(null, 'q-guess', ownEvent(`${OWN}/x`)))).toBe('unknown-mam-query');
  });

  it('are only messages that carry an event: our other messages to the system stay ignored', () => {
    const chat = `<message xmlns="jabber:client" from="${OWN}/phone" to="${SYSTEM}" type="chat"><body>hi</body></message>`;
    expect(reason(carbon(OWN, 'sent', chat))).toBe('sent-carbon');
    expect(reason(mam(null, 'q1', chat))).toBe('not-from-system-jid');
  });

  it('are not taken live, straight from anybody, our own account included', () => {
    expect(reason(parseStanza(ownEvent(`${OWN}/laptop`, `${OWN}/desk`)))).toBe(
      'not-from-system-jid',
    );
  });
});
