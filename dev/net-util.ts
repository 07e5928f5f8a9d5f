import { createServer, connect } from 'node:net';
import { once } from 'node:events';

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const socket = connect(port, '127.0.0.1');
    try {
      await once(socket, 'connect');
      socket.destroy();
      return;
    } catch {
      socket.destroy();
      if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
      // A refused connect returns at once; space the retries out.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
