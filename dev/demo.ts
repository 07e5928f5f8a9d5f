/**
 * `npm run demo`: the whole product loop in a minute, on this machine only. Starts a local
 * Prosody, runs `herald listen` as the user, pushes the sample messages as the system
 * account, waits until the client has stored each one (its XEP-0184 receipt), then stops.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProsody } from './prosody.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { serializePush } from '../core/push-codec.ts';
import { connectPeer } from './xmpp-peer.ts';
import { samplePushes } from './samples.ts';

const server = await startProsody();
const dataDir = await mkdtemp(join(tmpdir(), 'herald-demo-'));
const { user, system } = DEMO_ACCOUNTS;
const userJid = await server.register(user.user, user.password);
const systemJid = await server.register(system.user, system.password);

process.stdout.write(`Local Prosody at ${server.service}; listening as ${userJid}.\n\n`);
const listener = spawn(
  process.execPath,
  [
    fileURLToPath(new URL('../cli/herald.ts', import.meta.url)),
    'listen',
    '--service',
    server.service,
    '--jid',
    userJid,
    '--system-jid',
    systemJid,
    '--ca-file',
    server.caFile,
    '--data-dir',
    dataDir,
  ],
  { env: { ...process.env, HERALD_PASSWORD: user.password }, stdio: 'inherit' },
);

const sender = await connectPeer({ ...server, jid: systemJid, password: system.password });
try {
  // No need to wait for the listener: pushes sent before it is online wait in offline storage.
  for (const draft of samplePushes) {
    const receipt = sender.waitForStanza(
      (s) => s.getChild('received', 'urn:xmpp:receipts')?.attrs.id === draft.id,
      30_000,
    );
    await sender.sendAcked(serializePush(draft, userJid));
    await receipt;
  }
  process.stdout.write(`\nAll ${samplePushes.length} sample pushes were delivered and stored.\n`);
} finally {
  await sender.stop();
  listener.kill('SIGTERM');
  await once(listener, 'exit');
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
