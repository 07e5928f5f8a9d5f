/**
 * A throwaway Prosody on loopback: its own temp dir, free ports, a self-signed CA and a
 * `localhost` certificate signed by it. Used by `npm run dev:server`, the demo and every
 * integration test, so they all exercise the same server setup.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile, mkdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort, waitForPort } from './net-util.ts';
import { createTestCertificates } from './test-certificates.ts';
import { xmppServer, type XmppServer } from './xmpp-server.ts';

const run = promisify(execFile);

export interface ProsodyOptions {
  /** Parent of the temp dir; defaults to the OS temp dir. */
  baseDir?: string;
  /** Enable XEP-0313 archiving (default true). */
  mam?: boolean;
  /** Seconds a stream-management session survives a dropped connection (default 60). */
  smacksHibernationSeconds?: number;
  /** Prosody log level (default "warn"; "debug" traces every stanza into prosody.log). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * No STARTTLS on the c2s port and logins without TLS allowed (default false), to test a
   * client's `--allow-plaintext`; the direct-TLS port keeps its certificate.
   */
  plaintext?: boolean;
  /** More global settings, Lua lines such as `network_settings = { nagle = false }`. */
  globalSettings?: readonly string[];
  /** More modules to load: their names and the folder of their `mod_NAME.lua` files. */
  extraModules?: { dir: string; names: readonly string[] };
}

/** Kept for the callers that predate dev/xmpp-server.ts. */
export type ProsodyServer = XmppServer;

const isRoot = process.getuid?.() === 0;

export async function startProsody(options: ProsodyOptions = {}): Promise<XmppServer> {
  const dir = await mkdtemp(join(options.baseDir ?? tmpdir(), 'herald-prosody-'));
  const domain = 'localhost';
  const c2sPort = await findFreePort();
  const directTlsPort = await findFreePort();
  const certs = join(dir, 'certs');
  await mkdir(certs);
  await mkdir(join(dir, 'data'));
  const { caFile } = await createTestCertificates(certs, domain);
  const configFile = join(dir, 'prosody.cfg.lua');
  await writeFile(
    configFile,
    prosodyConfig({
      dir,
      domain,
      c2sPort,
      directTlsPort,
      mam: options.mam ?? true,
      hibernation: options.smacksHibernationSeconds ?? 60,
      logLevel: options.logLevel ?? 'warn',
      plaintext: options.plaintext ?? false,
      globalSettings: options.globalSettings ?? [],
      extraModules: options.extraModules ?? null,
    }),
  );

  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const proc = spawn('prosody', ['-F', '--config', configFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = once(proc, 'exit').then(([code]) => {
      throw new Error(`prosody exited with ${code} while starting: ${stderr}`);
    });
    try {
      await Promise.race([
        waitForPort(c2sPort, 15_000).then(() => waitForPort(directTlsPort, 15_000)),
        exited,
      ]);
    } catch (error) {
      proc.kill('SIGKILL');
      const log = await readFile(join(dir, 'prosody.log'), 'utf8').catch(() => '');
      throw new Error(`${(error as Error).message}\n${log.slice(-2000)}`, { cause: error });
    }
    exited.catch(() => undefined);
  }

  async function halt(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  await start();

  return xmppServer({
    domain,
    c2sPort,
    directTlsPort,
    caFile,
    dir,
    async register(user, password) {
      await run('prosodyctl', ['--config', configFile, 'register', user, domain, password]);
      return `${user}@${domain}`;
    },
    start,
    halt,
    readLog: () => readFile(join(dir, 'prosody.log'), 'utf8'),
  });
}

interface ConfigValues {
  dir: string;
  domain: string;
  c2sPort: number;
  directTlsPort: number;
  mam: boolean;
  hibernation: number;
  logLevel: string;
  plaintext: boolean;
  globalSettings: readonly string[];
  extraModules: { dir: string; names: readonly string[] } | null;
}

function prosodyConfig(v: ConfigValues): string {
  const modules = ['roster', 'saslauth', 'tls', 'disco', 'ping', 'smacks', 'carbons', 'offline'];
  if (v.mam) modules.push('mam');
  if (v.plaintext) modules.splice(modules.indexOf('tls'), 1);
  modules.push(...(v.extraModules?.names ?? []));
  const pluginPaths = v.extraModules ? `plugin_paths = { "${v.extraModules.dir}" }` : '';
  return `-- generated by dev/prosody.ts
pidfile = "${v.dir}/prosody.pid"
data_path = "${v.dir}/data"
log = { { levels = { min = "${v.logLevel}" }, to = "file", filename = "${v.dir}/prosody.log" } }
${isRoot ? 'run_as_root = true -- the harness may run as root (CI); mod_posix is left out' : ''}
interfaces = { "127.0.0.1" }
c2s_ports = { ${v.c2sPort} }
c2s_direct_tls_ports = { ${v.directTlsPort} }
s2s_ports = { }
http_ports = { }
https_ports = { }
modules_enabled = { ${modules.map((m) => `"${m}"`).join('; ')} }
modules_disabled = { "s2s"; "posix" }
authentication = "internal_hashed"
storage = "internal"
archive_expires_after = "1d"
max_archive_query_results = 100
smacks_hibernation_time = ${v.hibernation}
c2s_require_encryption = ${!v.plaintext}
-- The test suites send bursts of thousands of stanzas from one account.
limits = { c2s = { rate = "100mb/s" } }
ssl = { certificate = "${v.dir}/certs/${v.domain}.crt"; key = "${v.dir}/certs/${v.domain}.key" }
${pluginPaths}
${v.globalSettings.join('\n')}
VirtualHost "${v.domain}"
`;
}
