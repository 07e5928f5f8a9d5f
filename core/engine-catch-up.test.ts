/**
 * The catch-up when the server answers the archive query late: asked again later, and the
 * archive cursor kept where the archive still has pushes for us. The XMPP side is a small
 * fake of the session's send/request (the engine is never started); what a real server
 * does with the catch-up is tested against Prosody and ejabberd in test/listen.test.ts and
 * test/faults/.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { HeraldEngine } from './engine.ts';
import { Inbox } from './inbox.ts';
import { openSqliteInboxStorage } from './sqlite-inbox-storage.ts';
import { serializePush } from './push-codec.ts';
import { FakeClock } from '../test/support/fake-clock.ts';

const USER = 'alice@localhost';
const SYSTEM = 'notify@localhost';

function timeout(): Error {
  const error = new Error('timed out');
  error.name = 'TimeoutError';
  return error;
}

function finalPage(lastId: string): Element {
  return xml(
    'iq',
    { type: 'result' },
    xml(
      'fin',
      { xmlns: 'urn:xmpp:mam:2', complete: 'true' },
      xml('set', { xmlns: 'http://jabber.org/protocol/rsm' }, xml('last', {}, lastId)),
    ),
  );
}

describe('engine catch-up after a late archive answer', () => {
  let dir: string;
  let engine: HeraldEngine;
  let inbox: Inbox;
  /** The `after` of each archive query, and what the fake server answers to each. */
  let queriedAfter: Array<string | null>;
  let answers: Array<() => Element>;
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock();
    dir = mkdtempSync(join(tmpdir(), 'herald-catch-up-'));
    inbox = new Inbox({
      storage: openSqliteInboxStorage(join(dir, 'inbox.sqlite')).storage,
      clock,
    });
    engine = new HeraldEngine({
      jid: USER,
      password: 'unused',
      systemJids: [SYSTEM],
      inbox,
      clock,
    });
    queriedAfter = [];
    answers = [];
    const session = engine.session;
    session.send = async () => undefined;
    session.request = async (iq: Element) => {
      const query = iq.getChild('query', 'urn:xmpp:mam:2');
      if (!query) return xml('iq', { type: 'result' }); // carbons
      queriedAfter.push(query.getChild('set')?.getChildText('after') ?? null);
      const answer = answers.shift();
      if (!answer) throw new Error('unexpected archive query');
      return answer();
    };
    vi.spyOn(session, 'status', 'get').mockReturnValue({
      state: 'online',
      resumed: false,
      jid: `${USER}/desk`,
    });
  });

  afterEach(async () => {
    await engine.stop().catch(() => undefined);
    inbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function login(): void {
    engine.session.emit('online', { resumed: false });
  }

  function liveMessage(archiveId: string): Element {
    const message = serializePush(
      { id: `live-${archiveId}`, title: 'Live', body: 'while catching up' },
      `${USER}/desk`,
    );
    message.attrs.from = `${SYSTEM}/gateway`;
    message.append(xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', by: USER, id: archiveId }));
    return message;
  }

  it('asks again later from the same place, and live messages do not move the cursor meanwhile', async () => {
    inbox.setMeta('mam.lastId', 'seen-3');
    answers.push(() => {
      throw timeout();
    });
    answers.push(() => finalPage('arch-20'));
    const synced: string[] = [];
    engine.on('synced', ({ status }) => synced.push(status));

    login();
    await once(engine, 'synced');
    expect(synced).toEqual(['interrupted']);

    engine.session.emit('stanza', liveMessage('arch-25'));
    expect(inbox.getMeta('mam.lastId')).toBe('seen-3');

    const retried = once(engine, 'synced');
    await clock.advanceAsync(15_000);
    await retried;
    expect(synced).toEqual(['interrupted', 'complete']);
    expect(queriedAfter).toEqual(['seen-3', 'seen-3']);
    expect(inbox.getMeta('mam.lastId')).toBe('arch-20');

    // Caught up: live messages move the cursor again.
    engine.session.emit('stanza', liveMessage('arch-26'));
    expect(inbox.getMeta('mam.lastId')).toBe('arch-26');
  });

  it('gives up after three more tries; the next login starts from the same place', async () => {
    for (let i = 0; i < 4; i++) {
      answers.push(() => {
        throw timeout();
      });
    }
    const synced: string[] = [];
    engine.on('synced', ({ status }) => synced.push(status));
    login();
    await once(engine, 'synced');
    for (let retry = 0; retry < 3; retry++) {
      const next = once(engine, 'synced');
      await clock.advanceAsync(15_000);
      await next;
    }
    await clock.advanceAsync(60_000);
    expect(synced).toEqual(['interrupted', 'interrupted', 'interrupted', 'interrupted']);
    expect(queriedAfter).toEqual([null, null, null, null]);

    answers.push(() => finalPage('arch-1'));
    login();
    await once(engine, 'synced');
    expect(synced.at(-1)).toBe('complete');
    expect(queriedAfter.at(-1)).toBeNull();
  });

  it('does not ask again when the server refused rather than answered late', async () => {
    answers.push(() => {
      throw new Error('connection lost before the server answered');
    });
    login();
    await once(engine, 'synced');
    await clock.advanceAsync(60_000);
    expect(queriedAfter).toEqual([null]);
  });
});
