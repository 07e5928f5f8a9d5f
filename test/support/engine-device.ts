/**
 * One of the user's devices as `herald listen` composes it (cli/listen.ts): a HeraldEngine over
 * an inbox.sqlite of its own, in the test's process, so a test can make the user's choices on
 * it (engine.choose) and read its inbox directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeraldEngine, type EngineOptions } from '../../core/engine.ts';
import { Inbox } from '../../core/inbox.ts';
import { openSqliteInboxStorage } from '../../core/sqlite-inbox-storage.ts';
import { trustExtraCertificates } from '../../core/tls-trust.ts';
import type { XmppServer } from '../../dev/xmpp-server.ts';
import type { Account } from './fixture.ts';

export interface EngineDevice {
  engine: HeraldEngine;
  inbox: Inbox;
  /** Closes the stream and the inbox; a second call does nothing. */
  stop(): Promise<void>;
}

/** Not started: the caller subscribes first, then calls engine.start(). */
export function openEngineDevice(
  server: XmppServer,
  user: Account,
  options: Pick<EngineOptions, 'systemJids' | 'resource' | 'notificationSettings'> & {
    dataDir: string;
  },
): EngineDevice {
  trustExtraCertificates(readFileSync(server.caFile, 'utf8'));
  const { storage } = openSqliteInboxStorage(join(options.dataDir, 'inbox.sqlite'));
  const inbox = new Inbox({ storage });
  const engine = new HeraldEngine({
    ...user,
    service: server.service,
    resource: options.resource,
    systemJids: options.systemJids,
    inbox,
    notificationSettings: options.notificationSettings,
  });
  let stopped = false;
  return {
    engine,
    inbox,
    async stop() {
      if (stopped) return;
      stopped = true;
      await engine.stop();
      inbox.close();
    },
  };
}
