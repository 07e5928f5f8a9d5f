import { describe, expect, it } from 'vitest';
import { xml, type Client } from '@xmpp/client';
import { unconnectedClient } from '../../test/support/local-xmpp.ts';
import { pendingIqsOf } from './internals.ts';
import { abandonIqRequest, requestIq } from './iq-requests.ts';

const archiveQuery = () =>
  xml('iq', { type: 'set', id: 'q1' }, xml('query', { xmlns: 'urn:xmpp:mam:2' }));

/** A client whose sends resolve when `written` is called, as a socket write calls back. */
function clientWithSlowWrites(): { xmpp: Client; written(): void } {
  const xmpp = unconnectedClient();
  let written = (): void => undefined;
  (xmpp as unknown as { send(): Promise<void> }).send = () =>
    new Promise((resolve) => (written = resolve));
  return { xmpp, written: () => written() };
}

/** Routes the server's error answer to q1, as the library's middleware would. */
function routeErrorAnswer(xmpp: Client): void {
  const error = xml(
    'iq',
    { type: 'error', id: 'q1' },
    xml(
      'error',
      { type: 'cancel' },
      xml('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
    ),
  );
  const caller = xmpp.iqCaller as unknown as { _route(context: object, next: () => void): void };
  caller._route({ type: 'error', name: 'iq', id: 'q1', stanza: error }, () => undefined);
}

/**
 * Runs `request` with an error answer routed before its write called back, and returns the
 * rejections that went unhandled meanwhile. Vitest's own listener is set aside for the
 * duration, so that the one the library leaves is counted here instead of failing the run.
 */
async function unhandledWhenAnErrorComesFirst(
  request: (xmpp: Client, query: ReturnType<typeof archiveQuery>) => Promise<unknown>,
): Promise<unknown[]> {
  const { xmpp, written } = clientWithSlowWrites();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  const others = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', onUnhandled);
  try {
    const answer = request(xmpp, archiveQuery());
    routeErrorAnswer(xmpp);
    await new Promise((resolve) => setTimeout(resolve, 20));
    written();
    await expect(answer).rejects.toMatchObject({ condition: 'service-unavailable' });
    return unhandled;
  } finally {
    process.off('unhandledRejection', onUnhandled);
    for (const listener of others) process.on('unhandledRejection', listener);
  }
}

describe('requestIq', () => {
  it('an error answer that comes before the request was written does not go unhandled', async () => {
    expect(await unhandledWhenAnErrorComesFirst((x, q) => requestIq(x, q, 5_000))).toEqual([]);
  });

  it('(without it, the library leaves that rejection unhandled: a crash in Node)', async () => {
    const unhandled = await unhandledWhenAnErrorComesFirst((x, q) => x.iqCaller.request(q, 5_000));
    expect(unhandled).toMatchObject([{ condition: 'service-unavailable' }]);
  });
});

describe('abandonIqRequest', () => {
  /** A request whose write has called back and that the server will never answer. */
  function unanswered(timeoutMs: number) {
    const xmpp = unconnectedClient();
    (xmpp as unknown as { send(): Promise<void> }).send = () => Promise.resolve();
    return { xmpp, answer: xmpp.iqCaller.request(archiveQuery(), timeoutMs) };
  }
  const settledWithin = (promise: Promise<unknown>, ms: number) =>
    Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      new Promise((resolve) => setTimeout(() => resolve(false), ms)),
    ]);

  it('settles the request at once with the error given, and forgets it', async () => {
    const { xmpp, answer } = unanswered(30_000);
    await new Promise((resolve) => setImmediate(resolve)); // the write called back
    abandonIqRequest(xmpp, 'q1', new Error('the connection is gone'));
    await expect(answer).rejects.toThrow('the connection is gone');
    expect(pendingIqsOf(xmpp)?.has('q1')).toBe(false);
  });

  it('(without it, the request waits for its whole timeout, its timer keeping Node alive)', async () => {
    const { answer } = unanswered(300);
    expect(await settledWithin(answer, 50)).toBe(false);
    await expect(answer).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
