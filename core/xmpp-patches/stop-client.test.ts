import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openStream, type LocalConnection } from '../../test/support/local-xmpp.ts';
import { stopClient } from './stop-client.ts';

/** A server that never answers the client's stream close nor its FIN; a short library timeout. */
async function stubbornServer(): Promise<LocalConnection> {
  const connection = await openStream(() => undefined, { allowHalfOpen: true });
  (connection.xmpp as unknown as { timeout: number }).timeout = 50;
  connection.xmpp.on('error', () => undefined);
  return connection;
}

describe('stopClient', () => {
  it('destroys the socket even when the server never closes its side', async () => {
    const connection = await stubbornServer();
    const closedAtServer = once(connection.peer, 'close');
    connection.peer.resume();
    await stopClient(connection.xmpp);
    expect(connection.socket.destroyed).toBe(true);
    connection.peer.destroy();
    await closedAtServer;
  });

  it('(without it, stop() leaves the socket open: the leak it prevents)', async () => {
    const connection = await stubbornServer();
    await connection.xmpp.stop().catch(() => undefined);
    expect(connection.socket.destroyed).toBe(false);
    connection.socket.destroy();
    connection.peer.destroy();
  });
});
