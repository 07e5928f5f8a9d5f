import { describe, expect, test } from 'vitest';
import { xml } from '@xmpp/client';
import { UnconfirmedPushes } from './unconfirmed-pushes.ts';
import { FakeClock } from '../../test/support/fake-clock.ts';

function setUp(options: { windowMs?: number; maxMessages?: number } = {}) {
  const clock = new FakeClock();
  const pushes = new UnconfirmedPushes({
    windowMs: options.windowMs ?? 10_000,
    maxMessages: options.maxMessages ?? 100,
    clock,
  });
  const send = (id: string, to = 'user@example.com') =>
    pushes.sent(id, to, xml('message', { id, to }));
  const ids = () => pushes.takeForResend().map((message) => message.attrs.id as string);
  return { pushes, send, ids, advance: (ms: number) => clock.advance(ms) };
}

describe('UnconfirmedPushes', () => {
  test('after a lost stream, the pushes sent within the window go out again, oldest first', () => {
    const { pushes, send, ids, advance } = setUp();
    send('old');
    advance(5_000);
    send('a');
    send('b');
    advance(6_000);
    pushes.streamLost();
    advance(30_000); // however long the server takes to come back
    expect(ids()).toEqual(['a', 'b']);
  });

  test('a push a client confirmed is not resent, for that recipient only', () => {
    const { pushes, send, ids } = setUp();
    send('p', 'alice@example.com');
    send('p', 'bob@example.com');
    pushes.confirmed('p', 'alice@example.com');
    pushes.streamLost();
    expect(pushes.takeForResend().map((m) => m.attrs.to)).toEqual(['bob@example.com']);
    expect(ids()).toEqual([]); // taken once per lost stream
  });

  test('a resumed stream lost nothing: nothing is resent', () => {
    const { pushes, send, ids } = setUp();
    send('p');
    pushes.streamLost();
    pushes.streamResumed();
    expect(ids()).toEqual([]);
  });

  test('a resent push counts as sent again, so a second loss right after offers it again', () => {
    const { pushes, send, ids, advance } = setUp();
    send('p');
    pushes.streamLost();
    advance(60_000);
    expect(ids()).toEqual(['p']);
    advance(1_000);
    pushes.streamLost();
    expect(ids()).toEqual(['p']);
  });

  test('the loss is dated by its first report: later reports while reconnecting do not move it', () => {
    const { pushes, send, ids, advance } = setUp();
    send('p');
    pushes.streamLost();
    advance(20_000);
    pushes.streamLost();
    expect(ids()).toEqual(['p']);
  });

  test('memory stays bounded: old pushes are forgotten while online, and beyond the cap', () => {
    const { pushes, send, advance } = setUp({ maxMessages: 3 });
    send('old');
    advance(11_000);
    send('a');
    expect(pushes.size).toBe(1);
    send('b');
    send('c');
    send('d');
    expect(pushes.size).toBe(3);
    pushes.streamLost();
    expect(pushes.takeForResend().map((m) => m.attrs.id)).toEqual(['b', 'c', 'd']);
  });

  test('a retry of the same push to the same recipient is kept once', () => {
    const { pushes, send, ids } = setUp();
    send('p');
    send('p');
    pushes.streamLost();
    expect(ids()).toEqual(['p']);
  });
});
