/**
 * The wire format of a push's revisions and of the user's events (docs/wire-format.md):
 * what is written, what is read back, and what hostile values become.
 */
import { describe, expect, test } from 'vitest';
import type { Element } from '@xmpp/xml';
import { parsePushMessage, peekRevision, serializePush } from './push-codec.ts';
import { parseUserEvent, serializeUserEvent, type UserEvent } from './user-events.ts';
import type { PushDraft } from './push.ts';
import { parseStanza } from '../test/support/stanza.ts';

const ctx = { receivedAt: Date.UTC(2026, 11, 2, 9), ownBareJid: 'alice@example.com' };

/** Through the wire: serialized, written as text, parsed as the client parses it. */
function wire(el: Element): Element {
  const sent = parseStanza(el.toString());
  sent.attrs.from = 'notify@example.com/gateway';
  return sent;
}

const DRAFT: PushDraft = {
  id: 'expense-4411',
  kind: 'todo',
  title: 'Approve expense report #4411',
  body: '1,240.00 EUR',
  actions: [
    { id: 'approve', label: 'Approve', style: 'primary', confirm: null },
    { id: 'reject', label: 'Reject', style: 'destructive', confirm: 'Reject the report?' },
  ],
  ackRequired: true,
  expires: '2026-12-31T00:00:00.000Z',
};

describe('revisions', () => {
  test('a first send has no revision markers; its fields come back whole', () => {
    const message = wire(serializePush(DRAFT, 'alice@example.com'));
    expect(message.attrs.id).toBe('expense-4411');
    expect(message.getChild('replace', 'urn:xmpp:message-correct:0')).toBeUndefined();
    expect(parsePushMessage(message, ctx)).toMatchObject({
      id: 'expense-4411',
      rev: 0,
      state: 'open',
      ackRequired: true,
      expires: '2026-12-31T00:00:00.000Z',
      actions: DRAFT.actions,
    });
  });

  test('an update is a new message that corrects the first one (XEP-0308)', () => {
    const message = wire(serializePush({ ...DRAFT, rev: 2, title: 'Now 1,300 EUR' }, 'alice@x'));
    expect(message.attrs.id).toBe('expense-4411#2');
    expect(message.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id).toBe('expense-4411#2');
    expect(message.getChild('replace', 'urn:xmpp:message-correct:0')?.attrs.id).toBe(
      'expense-4411',
    );
    expect(peekRevision(message)).toBe(2);
    expect(parsePushMessage(message, ctx)).toMatchObject({
      id: 'expense-4411',
      rev: 2,
      title: 'Now 1,300 EUR',
    });
  });

  test('a retraction withdraws the first message (XEP-0424) and needs no text', () => {
    const draft = { id: 'expense-4411', rev: 3, state: 'retracted' as const, title: '', body: '' };
    const message = wire(serializePush(draft, 'alice@example.com'));
    expect(message.getChild('retract', 'urn:xmpp:message-retract:1')?.attrs.id).toBe(
      'expense-4411',
    );
    expect(message.getChild('fallback', 'urn:xmpp:fallback:0')?.attrs.for).toBe(
      'urn:xmpp:message-retract:1',
    );
    expect(parsePushMessage(message, ctx)).toMatchObject({ state: 'retracted', rev: 3 });
  });

  test('hostile revision values read as the first send; unknown states as open', () => {
    for (const rev of ['-1', '1.5', 'ten', '9999999999999999', '']) {
      const message = parseStanza(
        `<message from="notify@example.com" id="m"><body>x</body><push xmlns="urn:herald:push:0" id="p" rev="${rev}" state="burnt"/></message>`,
      );
      expect(parsePushMessage(message, ctx), rev).toMatchObject({ rev: 0, state: 'open' });
    }
  });

  test('actions: at most three, each with a valid unique id and a label, cut to size', () => {
    const long = 'L'.repeat(100);
    const message = parseStanza(`<message from="notify@example.com" id="m"><body>x</body>
      <push xmlns="urn:herald:push:0" id="p">
        <action id="a" style="primary">  Approve\u202e  </action>
        <action id="a">Twice</action>
        <action id="no label"> </action>
        <action id="b" style="shiny" confirm="${long}${long}${long}">${long}</action>
        <action id="c">Third</action>
        <action id="d">Fourth</action>
      </push></message>`);
    const push = parsePushMessage(message, ctx);
    expect(push?.actions.map((action) => action.id)).toEqual(['a', 'b', 'c']);
    expect(push?.actions[0]).toEqual({
      id: 'a',
      label: 'Approve',
      style: 'primary',
      confirm: null,
    });
    expect(push?.actions[1]?.style).toBeNull();
    expect(push?.actions[1]?.label).toHaveLength(40);
    expect(push?.actions[1]?.confirm).toHaveLength(200);
  });
});

describe("the user's events", () => {
  const approve: UserEvent = {
    id: '9b2e5c1a-0000-4000-8000-000000000001',
    pushId: 'expense-4411',
    type: 'action',
    action: 'approve',
    at: Date.UTC(2026, 11, 2, 12, 4, 31, 250),
  };

  test('round-trip through the wire, addressed to the sender and kept by the archive', () => {
    const message = parseStanza(serializeUserEvent(approve, 'notify@example.com').toString());
    expect(message.attrs).toMatchObject({ to: 'notify@example.com', id: approve.id });
    expect(message.getChild('store', 'urn:xmpp:hints')).toBeDefined();
    expect(parseUserEvent(message)).toEqual(approve);
  });

  test('read and acknowledged carry XEP-0333 markers for senders that know only those', () => {
    for (const [type, marker] of [
      ['read', 'displayed'],
      ['acknowledged', 'acknowledged'],
    ] as const) {
      const message = serializeUserEvent({ ...approve, type, action: null }, 'notify@x');
      expect(message.getChild(marker, 'urn:xmpp:chat-markers:0')?.attrs.id).toBe('expense-4411');
    }
  });

  test('a malformed event is no event', () => {
    const attrs = [
      'push="p" type="read" at="2026-12-02T12:00:00Z"',
      'id="e" type="read" at="2026-12-02T12:00:00Z"',
      'id="e" push="p" type="shred" at="2026-12-02T12:00:00Z"',
      'id="e" push="p" type="read" at="yesterday"',
      'id="e" push="p" type="action" at="2026-12-02T12:00:00Z"',
      'id="e" push="p" type="action" action="has space" at="2026-12-02T12:00:00Z"',
    ];
    for (const attr of attrs) {
      const message = parseStanza(
        `<message from="alice@example.com/desk"><event xmlns="urn:herald:push:0" ${attr}/></message>`,
      );
      expect(parseUserEvent(message), attr).toBeNull();
    }
  });
});
