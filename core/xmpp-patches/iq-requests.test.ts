import { describe, expect, it } from 'vitest';
import { xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { unconnectedClient } from '../../test/support/local-xmpp.ts';
import { pendingIqsOf } from './internals.ts';
import { abandonIqRequest, catchEarlyIqErrors } from './iq-requests.ts';

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

/** Routes the server's error answer to the one pending request, as the library's middleware would. */
function routeErrorAnswer(xmpp: Client): void {
  const [id] = [...(pendingIqsOf(xmpp)?.keys() ?? [])];
  const error = xml(
    'iq',
    { type: 'error', id },
    xml(
      'error',
      { type: 'cancel' },
      xml('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
    ),
  );
  const caller = xmpp.iqCaller as unknown as { _route(context: object, next: () => void): void };
  caller._route({ type: 'error', name: 'iq', id, stanza: error }, () => undefined);
}

/**
 * Runs `request` with an error answer routed before its write called back, and returns the
 * rejections that went unhandled meanwhile. Vitest's own listener is set aside for the
 * duration, so that the one the library leaves is counted here instead of failing the run.
 */
async function unhandledWhenAnErrorComesFirst(
  patch: (xmpp: Client) => void,
  request: (xmpp: Client, query: ReturnType<typeof archiveQuery>) => Promise<unknown>,
): Promise<unknown[]> {
  const { xmpp, written } = clientWithSlowWrites();
  patch(xmpp);
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

const ourRequest = (xmpp: Client, query: Element) => xmpp.iqCaller.request(query, 5_000);
/** The library's own requests (resource binding) go through iqCaller.set. */
const librarysRequest = (xmpp: Client) =>
  xmpp.iqCaller.set(xml('query', { xmlns: 'urn:xmpp:mam:2' }), undefined, 5_000);

describe('catchEarlyIqErrors', () => {
  it('an error answer that comes before the request was written does not go unhandled', async () => {
    expect(await unhandledWhenAnErrorComesFirst(catchEarlyIqErrors, ourRequest)).toEqual([]);
  });

  it("nor for the library's own requests, which go through the same caller", async () => {
    expect(await unhandledWhenAnErrorComesFirst(catchEarlyIqErrors, librarysRequest)).toEqual([]);
  });

  it('(without it, the library leaves that rejection unhandled: a crash in Node)', async () => {
    const unpatched = () => undefined;
    for (const request of [ourRequest, librarysRequest]) {
      const unhandled = await unhandledWhenAnErrorComesFirst(unpatched, request);
      expect(unhandled).toMatchObject([{ condition: 'service-unavailable' }]);
    }
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
