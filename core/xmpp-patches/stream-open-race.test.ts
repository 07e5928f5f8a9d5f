import { describe, expect, it } from 'vitest';
import { closeBoth, connectLocally, type LocalConnection } from '../../test/support/local-xmpp.ts';
import { awaitStreamOpenBeforeWriting } from './stream-open-race.ts';

const SERVER_HEADER =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='s1' version='1.0'>";

/**
 * The server's header is read before the client's write of its own header completes, as
 * happens over TLS on a fast link: the reply is delivered inside the write call.
 */
function answerBeforeWriteCompletes({ socket }: LocalConnection): void {
  const write = socket.write.bind(socket) as (data: string, done: () => void) => boolean;
  (socket as unknown as { write: typeof write }).write = (data, done) => {
    if (data.startsWith('<?xml')) socket.emit('data', Buffer.from(SERVER_HEADER));
    return write(data, done);
  };
}

/** Timers of the library's handshake waits still pending, as a process sees them. */
const pendingTimeouts = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('awaitStreamOpenBeforeWriting', () => {
  it("a server header read before the client's own header is written still opens the stream", async () => {
    const connection = await connectLocally((xmpp) => awaitStreamOpenBeforeWriting(xmpp));
    (connection.xmpp as unknown as { timeout: number }).timeout = 60_000;
    answerBeforeWriteCompletes(connection);
    const before = pendingTimeouts();
    const header = await connection.xmpp.open({ domain: 'localhost' });
    expect(header.attrs.id).toBe('s1');
    // The wait's timer is gone with it: nothing keeps a stopping process alive.
    expect(pendingTimeouts()).toBeLessThanOrEqual(before);
    closeBoth(connection);
  });

  it('a write that fails rejects the opening and leaves no timer behind', async () => {
    const connection = await connectLocally((xmpp) => awaitStreamOpenBeforeWriting(xmpp));
    (connection.xmpp as unknown as { timeout: number }).timeout = 60_000;
    const before = pendingTimeouts();
    type Write = (data: string, done: (error: Error) => void) => boolean;
    (connection.socket as unknown as { write: Write }).write = (_data, done) => {
      done(new Error('write EPIPE'));
      return false;
    };
    await expect(connection.xmpp.open({ domain: 'localhost' })).rejects.toThrow('EPIPE');
    expect(pendingTimeouts()).toBeLessThanOrEqual(before);
    closeBoth(connection);
  });

  it('(without it, the library misses the header and times out on a healthy stream)', async () => {
    const connection = await connectLocally(() => undefined);
    (connection.xmpp as unknown as { timeout: number }).timeout = 100;
    answerBeforeWriteCompletes(connection);
    await expect(connection.xmpp.open({ domain: 'localhost' })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(connection.xmpp.status).toBe('open');
    closeBoth(connection);
  });
});
