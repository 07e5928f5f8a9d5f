/**
 * A per-file (or per-`describe`) XMPP server and per-test accounts, data dirs and processes,
 * all torn down after. The integration suites run against every kind in SERVER_KINDS.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProsody, type ProsodyOptions } from '../../dev/prosody.ts';
import { startEjabberd, type EjabberdOptions } from '../../dev/ejabberd.ts';
import type { XmppServer } from '../../dev/xmpp-server.ts';
import { connectPeer, type Peer } from '../../dev/xmpp-peer.ts';
import { Listener } from './listener.ts';

export interface Account {
  jid: string;
  password: string;
}

export type ServerKind = 'prosody' | 'ejabberd';

/**
 * The servers the integration suites run against: both, unless HERALD_SERVERS names some
 * (comma-separated, e.g. `HERALD_SERVERS=prosody` where ejabberd cannot run).
 */
export const SERVER_KINDS: readonly ServerKind[] = serverKinds(process.env.HERALD_SERVERS);

function serverKinds(setting: string | undefined): ServerKind[] {
  const all: ServerKind[] = ['prosody', 'ejabberd'];
  if (!setting?.trim()) return all;
  const names = setting.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !all.includes(name as ServerKind));
  if (unknown.length > 0) throw new Error(`HERALD_SERVERS: unknown server ${unknown.join(', ')}`);
  return all.filter((kind) => names.includes(kind));
}

/** What a suite may ask of either server; each maps it to its own setting. */
export interface ServerOptions {
  /** Archive messages (XEP-0313); default true. */
  mam?: boolean;
  /**
   * Seconds a stream-management session survives a dropped connection (Prosody's
   * smacks_hibernation_time, ejabberd's resume_timeout); default 60.
   */
  resumeSeconds?: number;
  /** Server-specific settings on top (they win over the common ones). */
  prosody?: ProsodyOptions;
  ejabberd?: EjabberdOptions;
}

export interface Harness {
  readonly kind: ServerKind;
  readonly server: XmppServer;
  account(prefix: string): Promise<Account>;
  dataDir(): Promise<string>;
  peer(account: Account, resource?: string): Promise<Peer>;
  listen(
    account: Account,
    systemJids: string[],
    options?: { dataDir?: string; extraArgs?: string[]; password?: string; stdin?: boolean },
  ): Promise<Listener>;
}

let unique = 0;

export function useProsody(options: ProsodyOptions = {}): Harness {
  return useServer('prosody', { prosody: options });
}

/** Starts a server of `kind` before the enclosing file's or `describe`'s tests, stops it after. */
export function useServer(kind: ServerKind, options: ServerOptions = {}): Harness {
  let server: XmppServer | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    server =
      kind === 'prosody'
        ? await startProsody({
            mam: options.mam,
            smacksHibernationSeconds: options.resumeSeconds,
            ...options.prosody,
          })
        : await startEjabberd({
            mam: options.mam,
            resumeTimeoutSeconds: options.resumeSeconds,
            ...options.ejabberd,
          });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const harness: Harness = {
    kind,
    get server() {
      if (!server) throw new Error(`${kind} is not running`);
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
        stdin: listenOptions.stdin,
      });
      cleanups.push(() => listener.stop());
      return listener;
    },
  };
  return harness;
}
