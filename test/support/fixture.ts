/**
 * Per-file Prosody and per-test accounts, data dirs and processes, all torn down after.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProsody, type ProsodyOptions, type ProsodyServer } from '../../dev/prosody.ts';
import { connectPeer, type Peer } from '../../dev/xmpp-peer.ts';
import { Listener } from './listener.ts';

export interface Account {
  jid: string;
  password: string;
}

export interface Harness {
  readonly server: ProsodyServer;
  account(prefix: string): Promise<Account>;
  dataDir(): Promise<string>;
  peer(account: Account, resource?: string): Promise<Peer>;
  listen(
    account: Account,
    systemJids: string[],
    options?: { dataDir?: string; extraArgs?: string[]; password?: string },
  ): Promise<Listener>;
}

let unique = 0;

export function useProsody(options: ProsodyOptions = {}): Harness {
  let server: ProsodyServer | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    server = await startProsody(options);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const harness: Harness = {
    get server() {
      if (!server) throw new Error('Prosody is not running');
      return server;
    },
    async account(prefix) {
      const user = `${prefix}${++unique}-${process.pid}`;
      const password = `pw-${user}-密码`;
      return { jid: await harness.server.register(user, password), password };
    },
    async dataDir() {
      const dir = await mkdtemp(join(tmpdir(), 'herald-data-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return dir;
    },
    async peer(account, resource) {
      const peer = await connectPeer({ ...harness.server, ...account, resource });
      cleanups.push(() => peer.stop());
      return peer;
    },
    async listen(account, systemJids, listenOptions = {}) {
      const listener = new Listener({
        service: harness.server.service,
        caFile: harness.server.caFile,
        jid: account.jid,
        password: listenOptions.password ?? account.password,
        systemJids,
        dataDir: listenOptions.dataDir ?? (await harness.dataDir()),
        extraArgs: listenOptions.extraArgs,
      });
      cleanups.push(() => listener.stop());
      return listener;
    },
  };
  return harness;
}
