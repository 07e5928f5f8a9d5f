import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { connect } from 'node:tls';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { xml } from '@xmpp/client';
import { startEjabberd } from './ejabberd.ts';
import { connectPeer } from './xmpp-peer.ts';
import type { XmppServer } from './xmpp-server.ts';

const run = promisify(execFile);

/** pgrep's pids, none when nothing matches (exit 1). */
async function pgrep(...args: string[]): Promise<number[]> {
  try {
    const { stdout } = await run('pgrep', args);
    return stdout.split('\n').filter(Boolean).map(Number);
  } catch (error) {
    if ((error as { code?: number }).code === 1) return [];
    throw error;
  }
}

/** The processes running for the server in `dir`, with every process below them. */
async function processesOf(dir: string): Promise<number[]> {
  const found = await pgrep('-f', dir);
  for (let i = 0; i < found.length; i++) {
    for (const pid of await pgrep('-P', String(found[i])))
      if (!found.includes(pid)) found.push(pid);
  }
  return found;
}

let server: XmppServer;
beforeAll(async () => {
  const started = Date.now();
  server = await startEjabberd();
  console.log(`ejabberd started in ${Date.now() - started} ms`);
});
afterAll(() => server?.stop());

async function tlsHandshake(port: number) {
  const socket = connect({
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    ca: await readFile(server.caFile, 'utf8'),
  });
  await once(socket, 'secureConnect');
  const authorized = socket.authorized;
  socket.destroy();
  return authorized;
}

test('the ejabberd test server speaks direct TLS with a certificate for localhost signed by its own CA', async () => {
  expect(await tlsHandshake(server.directTlsPort)).toBe(true);
});

test('a registered account logs in over STARTTLS and over direct TLS', async () => {
  const jid = await server.register('alice', 'pw-alice-密码');
  expect(jid).toBe('alice@localhost');
  for (const service of [server.service, server.directTlsService]) {
    const peer = await connectPeer({
      service,
      caFile: server.caFile,
      jid,
      password: 'pw-alice-密码',
    });
    expect(peer.xmpp.isSecure()).toBe(true);
    expect(peer.jid).toMatch(/^alice@localhost\//);
    await peer.stop();
  }
  await expect(
    connectPeer({ service: server.service, caFile: server.caFile, jid, password: 'wrong' }),
  ).rejects.toThrow(/not-authorized/);
});

test('a halted server refuses connections; started again it keeps its ports, accounts and offline messages', async () => {
  const carol = await server.register('carol', 'pw-carol');
  const sender = await connectPeer({
    service: server.service,
    caFile: server.caFile,
    jid: await server.register('dave', 'pw-dave'),
    password: 'pw-dave',
  });
  await sender.sendAcked(
    xml('message', { to: carol, type: 'chat', id: 'kept' }, xml('body', {}, 'while away')),
  );
  await sender.stop();
  const running = await processesOf(server.dir);
  await server.halt();
  const refused = connect({ host: '127.0.0.1', port: server.c2sPort });
  const [error] = (await once(refused, 'error').catch((e: unknown) => [e])) as [
    NodeJS.ErrnoException,
  ];
  expect(error.code).toBe('ECONNREFUSED');
  expect(running.filter((pid) => isAlive(pid))).toEqual([]);

  await server.start();
  await server.restart();
  const peer = await connectPeer({
    service: server.service,
    caFile: server.caFile,
    jid: carol,
    password: 'pw-carol',
  });
  const kept = await peer.waitForStanza((stanza) => stanza.attrs.id === 'kept');
  expect(kept.getChildText('body')).toBe('while away');
  await peer.stop();
});

test('ejabberd does not outlive a test process that dies without stopping it', async () => {
  const script = `
    import { startEjabberd } from ${JSON.stringify(new URL('./ejabberd.ts', import.meta.url).href)};
    const server = await startEjabberd();
    console.log(server.dir);
    setInterval(() => undefined, 60_000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const dir = line.trim();
  const vm = Number(await readFile(join(dir, 'ejabberd.pid'), 'utf8'));
  expect(isAlive(vm)).toBe(true);
  child.kill('SIGKILL');
  // The VM polls for its parent once a second.
  await expect.poll(() => isAlive(vm), { timeout: 10_000, interval: 100 }).toBe(false);
  await expect.poll(() => existsSync(dir), { timeout: 5_000, interval: 100 }).toBe(false);
  // The VM's helpers (erl_child_setup, inet_gethost) exit when its pipes close, a moment
  // after it: a check right away once found three of them still on their way out.
  const stillRunning = async () => (await processesOf(dir)).filter((pid) => isAlive(pid));
  await expect.poll(stillRunning, { timeout: 5_000, interval: 100 }).toEqual([]);
});

test('stop leaves no process behind: no VM, no helper, no epmd', async () => {
  const running = await processesOf(server.dir);
  expect(running.length).toBeGreaterThan(0);
  await server.stop();
  expect(running.filter((pid) => isAlive(pid))).toEqual([]);
  expect(await processesOf(server.dir)).toEqual([]);
  expect(await pgrep('-x', 'epmd')).toEqual([]);
});

/** A running process; a zombie has ended (init reaps those lazily on this machine). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}
