import { afterAll, beforeAll, expect, test } from 'vitest';
import { connect } from 'node:tls';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { startProsody, type ProsodyServer } from './prosody.ts';

let server: ProsodyServer;
beforeAll(async () => {
  server = await startProsody();
});
afterAll(() => server?.stop());

test('the test server speaks direct TLS with a certificate for localhost signed by its own CA', async () => {
  const ca = await readFile(server.caFile, 'utf8');
  const socket = connect({
    host: '127.0.0.1',
    port: server.directTlsPort,
    servername: 'localhost',
    ca,
  });
  await once(socket, 'secureConnect');
  expect(socket.authorized).toBe(true);
  socket.destroy();
});

test('a stopped server refuses connections and a restarted one accepts them again', async () => {
  await server.halt();
  const refused = connect({ host: '127.0.0.1', port: server.directTlsPort });
  const [error] = (await once(refused, 'error').catch((e: unknown) => [e])) as [
    NodeJS.ErrnoException,
  ];
  expect(error.code).toBe('ECONNREFUSED');
  await server.start();
  const ca = await readFile(server.caFile, 'utf8');
  const socket = connect({
    host: '127.0.0.1',
    port: server.directTlsPort,
    servername: 'localhost',
    ca,
  });
  await once(socket, 'secureConnect');
  socket.destroy();
});
