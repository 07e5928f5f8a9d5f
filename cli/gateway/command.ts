/**
 * `herald gateway`: the HTTP push service for business systems. One XMPP session as the
 * system account (reconnecting on its own), one HTTP listener; SIGTERM/SIGINT stop accepting,
 * let in-flight pushes finish, then close the stream.
 */
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { XmppSession } from '../../core/xmpp-session.ts';
import { CONNECTION_OPTIONS, checkBareJid, readLoginOptions, requireString } from '../options.ts';
import { describeStatus } from '../status-text.ts';
import { buildGatewayApp } from './gateway-app.ts';
import { loadGatewaySettings } from './gateway-config.ts';
import { PushRelay } from './push-relay.ts';
import { GatewayStore } from './gateway-store.ts';

const HELP = `Usage: herald gateway --jid SYSTEM_JID [--host 127.0.0.1] [--port 8787] [--config FILE]

  --jid JID         the system (message center) account; password from HERALD_PASSWORD
  --service URL     xmpp://HOST:PORT or xmpps://HOST:PORT (default from --jid)
  --host ADDR       address to listen on (default 127.0.0.1)
  --port N          port to listen on (default 8787; 0 picks a free one)
  --config FILE     JSON: { "tokens": [{"name","secret","callbackSecret"}], "host", "port",
                    "dataDir", "limits": {…} }
  --data-dir DIR    where the gateway keeps its store, gateway.sqlite
                    (default $XDG_DATA_HOME/herald/gateway)
  --ca-file FILE    also trust this CA (PEM)
  --allow-plaintext log in even if the server offers no TLS

API tokens come from HERALD_GATEWAY_TOKENS (comma-separated) and/or the config file.
Logs are JSON lines on stdout. See docs/pushing.md for the API.`;

export async function runGateway(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...CONNECTION_OPTIONS,
      host: { type: 'string' },
      port: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const jid = checkBareJid(requireString(values.jid, '--jid'), '--jid');
  const settings = loadGatewaySettings({
    configFile: values.config,
    host: values.host,
    port: values.port,
    dataDir: values['data-dir'],
    envTokens: process.env.HERALD_GATEWAY_TOKENS,
  });
  const session = new XmppSession({
    ...(await readLoginOptions(values, jid)),
    jid,
    resource: `gateway-${process.pid}`,
  });
  const dataDir = settings.dataDir ?? defaultDataDir();
  mkdirSync(dataDir, { recursive: true });
  const store = new GatewayStore(join(dataDir, 'gateway.sqlite'), {
    ttlMs: settings.limits.deliveryTtlMs,
    maxEntries: settings.limits.deliveryMaxEntries,
  });
  const relay = new PushRelay(session, { ackTimeoutMs: settings.limits.ackTimeoutMs });
  const app = await buildGatewayApp({
    relay,
    store,
    tokens: settings.tokens,
    limits: settings.limits,
  });
  session.on('status', (status) => {
    const level = status.state === 'auth-failed' || status.state === 'error' ? 'error' : 'info';
    app.log[level]({ xmpp: status.state }, `XMPP ${describeStatus(status)}`);
  });
  relay.on('resent', (count) => {
    app.log.warn({ resent: count }, `sent ${count} unconfirmed pushes again on the new session`);
  });

  const firstOutcome = waitForFirstLogin(session);
  session.start();
  if ((await firstOutcome) === 'auth-failed') {
    // A wrong password will not fix itself: say so and stop, rather than answer 503 forever.
    await session.stop();
    store.close();
    process.stderr.write(`herald: gateway not started: ${describeStatus(session.status)}\n`);
    return 1;
  }
  const address = await app.listen({ host: settings.host, port: settings.port });
  app.log.info({ address, tokens: settings.tokens.map((t) => t.name) }, 'gateway listening');

  const signal = await Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')]);
  app.log.info({ signal: signal[0] }, 'shutting down: finishing in-flight requests');
  await app.close();
  await session.stop();
  store.close();
  app.log.info('gateway stopped');
  return 0;
}

/** Resolves 'online' or 'auth-failed' on the first login, 'pending' if it keeps retrying. */
function waitForFirstLogin(session: XmppSession): Promise<'online' | 'auth-failed' | 'pending'> {
  return new Promise((resolve) => {
    session.on('status', function onStatus(status) {
      if (status.state === 'connecting') return;
      session.off('status', onStatus);
      if (status.state === 'online') resolve('online');
      else if (status.state === 'auth-failed') resolve('auth-failed');
      // Unreachable: serve 503s with Retry-After while the session keeps trying.
      else resolve('pending');
    });
  });
}

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'herald', 'gateway');
}
