/**
 * The receipt sender's pacing and its recovery of lost receipts, against a stand-in for the
 * session (what it reads of XmppSession and @xmpp/client's stream management, nothing more).
 * Receipts against real servers: test/listen.test.ts and test/receipts.test.ts.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Element } from '@xmpp/xml';
import { ReceiptSender } from './receipt-sender.ts';
import type { XmppSession } from './xmpp-session.ts';

/** Stand-in for XmppSession: an open stream whose writes succeed unless `writable` is false. */
class StandInSession extends EventEmitter {
  readonly streamManagement = Object.assign(new EventEmitter(), { enabled: true });
  /** The client itself: only its status and events are read (for ack requests). */
  readonly xmpp = Object.assign(new EventEmitter(), {
    status: 'online',
    streamManagement: this.streamManagement,
  });
  readonly sent: Element[] = [];
  writable = true;

  send(element: Element): Promise<void> {
    this.sent.push(element);
    return this.writable ? Promise.resolve() : Promise.reject(new Error('connection closed'));
  }

  /** The server confirmed handling these (XEP-0198 <a/>), as the library reports it. */
  acknowledge(...elements: Element[]): void {
    for (const element of elements) this.streamManagement.emit('ack', element);
  }

  /** The ids the receipts sent so far confirm, in order. */
  get confirmedIds(): string[] {
    return this.sent.map((element) => String(element.getChild('received')?.attrs.id));
  }
}

function setUp(window: number) {
  const session = new StandInSession();
  const receipts = new ReceiptSender(session as unknown as XmppSession, window);
  return { session, receipts };
}

const flushPromises = () => new Promise((resolve) => setImmediate(resolve));

describe('ReceiptSender', () => {
  it('sends an XEP-0184 receipt the server does not archive, to the push sender', () => {
    const { session, receipts } = setUp(4);
    receipts.send('notify@localhost/gateway', 'push-1');
    expect(session.sent.map(String)).toEqual([
      '<message to="notify@localhost/gateway" id="rcpt-push-1">' +
        '<received xmlns="urn:xmpp:receipts" id="push-1"/>' +
        '<no-permanent-store xmlns="urn:xmpp:hints"/></message>',
    ]);
  });

  it('keeps at most `window` receipts unconfirmed; each confirmation lets the next one out', () => {
    const { session, receipts } = setUp(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) receipts.send('notify@localhost', id);
    expect(session.confirmedIds).toEqual(['a', 'b', 'c']);
    expect(receipts.pending).toBe(5);
    session.acknowledge(session.sent[0] as Element);
    expect(session.confirmedIds).toEqual(['a', 'b', 'c', 'd']);
    session.acknowledge(...session.sent.slice(1));
    expect(session.confirmedIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    session.acknowledge(session.sent[4] as Element);
    expect(receipts.pending).toBe(0);
  });

  it('without stream management nothing is ever confirmed, so every receipt goes out', () => {
    const { session, receipts } = setUp(2);
    session.streamManagement.enabled = false;
    for (const id of ['a', 'b', 'c', 'd']) receipts.send('notify@localhost', id);
    expect(session.confirmedIds).toEqual(['a', 'b', 'c', 'd']);
    expect(receipts.pending).toBe(0);
  });

  it('waits while the stream is down and goes out once the session is online again', () => {
    const { session, receipts } = setUp(4);
    session.xmpp.status = 'disconnect';
    receipts.send('notify@localhost', 'a');
    expect(session.sent).toEqual([]);
    session.xmpp.status = 'online';
    session.emit('online', { resumed: false });
    expect(session.confirmedIds).toEqual(['a']);
  });

  it('a receipt the library gave up with a lost stream is sent again on the next session', () => {
    const { session, receipts } = setUp(4);
    receipts.send('notify@localhost', 'a');
    receipts.send('notify@localhost', 'b');
    session.acknowledge(session.sent[0] as Element);
    // The stream was lost and could not be resumed: the library fails what it had queued.
    session.xmpp.status = 'disconnect';
    session.streamManagement.emit('fail', session.sent[1]);
    expect(receipts.pending).toBe(1);
    session.xmpp.status = 'online';
    session.emit('online', { resumed: false });
    expect(session.confirmedIds).toEqual(['a', 'b', 'b']);
  });

  it('a receipt that could not be written is sent again on the next session', async () => {
    const { session, receipts } = setUp(4);
    session.writable = false;
    receipts.send('notify@localhost', 'a');
    await flushPromises();
    expect(receipts.pending).toBe(1);
    session.writable = true;
    session.emit('online', { resumed: false });
    expect(session.confirmedIds).toEqual(['a', 'a']);
  });

  it('after a resumption the library resends its queue itself; the window opens again', () => {
    const { session, receipts } = setUp(2);
    for (const id of ['a', 'b', 'c']) receipts.send('notify@localhost', id);
    expect(session.confirmedIds).toEqual(['a', 'b']);
    // Resumed: 'a' and 'b' go out again as the library's own copies, acknowledged as those.
    session.emit('online', { resumed: true });
    expect(session.confirmedIds).toEqual(['a', 'b', 'c']);
  });
});
