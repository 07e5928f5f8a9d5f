/**
 * The run's Prosody (dev/prosody.ts: temp dir, free ports, its own CA), started once when
 * the first benchmark needs it, plus fresh accounts per benchmark so no benchmark sees
 * another's archive or offline messages.
 */
import { join } from 'node:path';
import { startProsody } from '../../dev/prosody.ts';
import type { XmppServer } from '../../dev/xmpp-server.ts';
import { findProcess } from '../support/proc.ts';
import type { Scope } from '../scope.ts';

export interface Account {
  jid: string;
  password: string;
}

export interface BenchServer {
  server: XmppServer;
  /** Prosody's process id, for its CPU time. */
  pid: number;
  account(prefix: string): Promise<Account>;
}

let unique = 0;

export interface BenchServerOptions {
  /** MAM on (dev/prosody.ts's default). */
  archive: boolean;
  /** Nagle's algorithm off in Prosody too (it is on by default, as in dev/prosody.ts). */
  noDelay: boolean;
  /** Archives without the internal storage's 10,000-message cap (see below). */
  roomyArchive?: boolean;
}

export async function startBenchServer(
  scope: Scope,
  { archive, noDelay, roomyArchive = false }: BenchServerOptions,
): Promise<BenchServer> {
  const globalSettings: string[] = [];
  // Prosody leaves Nagle's algorithm on by default (net/server_epoll.lua: nagle = true).
  if (noDelay) globalSettings.push('network_settings = { nagle = false }');
  // Past 10,000 messages Prosody's file archive is rewritten per message (docs/performance.md).
  if (roomyArchive) globalSettings.push('storage_archive_item_limit = 1000000');
  const server = await startProsody({ mam: archive, globalSettings });
  scope.defer('Prosody', () => server.stop());
  // mod_posix (which writes a pid file) is off in dev/prosody.ts: find it by its config path.
  const pid = findProcess(join(server.dir, 'prosody.cfg.lua'));
  if (pid === null) throw new Error('Prosody started but its process was not found');
  return {
    server,
    pid,
    async account(prefix) {
      const user = `${prefix}${++unique}`;
      const password = `pw-${user}-密码`;
      return { jid: await server.register(user, password), password };
    },
  };
}
