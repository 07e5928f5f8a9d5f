/**
 * A throwaway Prosody on loopback: its own temp dir, free ports, a self-signed CA and a
 * `localhost` certificate signed by it. Used by `npm run dev:server`, the demo and every
 * integration test, so they all exercise the same server setup.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort, waitForPort } from './net-util.ts';

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
}

export interface ProsodyServer {
  /** XMPP domain; the certificate is for this name. */
  readonly domain: string;
  /** STARTTLS c2s, e.g. `xmpp://localhost:40123`. */
  readonly service: string;
  /** Direct TLS c2s, e.g. `xmpps://localhost:40124`. */
  readonly directTlsService: string;
  readonly c2sPort: number;
  readonly directTlsPort: number;
  /** PEM file of the CA that signed the server certificate. */
  readonly caFile: string;
  readonly dir: string;
  register(user: string, password: string): Promise<string>;
  /** Stop and start again on the same ports and data (a server restart). */
  restart(): Promise<void>;
  /** Stop the process, keeping the data dir. */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stop and remove the temp dir. */
  stop(): Promise<void>;
  readLog(): Promise<string>;
}

const isRoot = process.getuid?.() === 0;

export async function startProsody(options: ProsodyOptions = {}): Promise<ProsodyServer> {
  const dir = await mkdtemp(join(options.baseDir ?? tmpdir(), 'herald-prosody-'));
  const domain = 'localhost';
  const c2sPort = await findFreePort();
  const directTlsPort = await findFreePort();
  const certs = join(dir, 'certs');
  await mkdir(certs);
  await mkdir(join(dir, 'data'));
  const caFile = await createCertificates(certs, domain);
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

  return {
    domain,
    service: `xmpp://${domain}:${c2sPort}`,
    directTlsService: `xmpps://${domain}:${directTlsPort}`,
    c2sPort,
    directTlsPort,
    caFile,
    dir,
    async register(user, password) {
      await run('prosodyctl', ['--config', configFile, 'register', user, domain, password]);
      return `${user}@${domain}`;
    },
    async restart() {
      await halt();
      await start();
    },
    halt,
    start,
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
    readLog: () => readFile(join(dir, 'prosody.log'), 'utf8'),
  };
}

/** A CA and a server certificate for `domain` signed by it; returns the CA's PEM path. */
async function createCertificates(certs: string, domain: string): Promise<string> {
  const ca = join(certs, 'ca');
  const server = join(certs, domain);
  const days = '3';
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', days, '-subj', '/CN=Herald Test CA', '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']); // prettier-ignore
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${domain}`, '-keyout', `${server}.key`, '-out', `${server}.csr`]); // prettier-ignore
  await writeFile(`${server}.ext`, `subjectAltName=DNS:${domain}\nextendedKeyUsage=serverAuth\n`);
  await run('openssl', ['x509', '-req', '-in', `${server}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', days, '-out', `${server}.crt`, '-extfile', `${server}.ext`]); // prettier-ignore
  return `${ca}.crt`;
}

interface ConfigValues {
  dir: string;
  domain: string;
  c2sPort: number;
  directTlsPort: number;
  mam: boolean;
  hibernation: number;
  logLevel: string;
}

function prosodyConfig(v: ConfigValues): string {
  const modules = ['roster', 'saslauth', 'tls', 'disco', 'ping', 'smacks', 'carbons', 'offline'];
  if (v.mam) modules.push('mam');
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
c2s_require_encryption = true
-- The test suites send bursts of thousands of stanzas from one account.
limits = { c2s = { rate = "100mb/s" } }
ssl = { certificate = "${v.dir}/certs/${v.domain}.crt"; key = "${v.dir}/certs/${v.domain}.key" }
VirtualHost "${v.domain}"
`;
}
