/** Option handling shared by the herald commands. */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { trustExtraCertificates } from '../core/tls-trust.ts';
import { isUserJid } from '../core/jid.ts';

/** parseArgs options every command that logs in takes. */
export const CONNECTION_OPTIONS = {
  jid: { type: 'string' },
  service: { type: 'string' },
  'ca-file': { type: 'string' },
  'allow-plaintext': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** `--keepalive SECONDS` for the commands that stay connected. */
export const KEEPALIVE_OPTION = { keepalive: { type: 'string' } } as const;

/**
 * Ping after `--keepalive` seconds of silence, and call the connection dead when the answer
 * takes as long again (at most 10 s): a half-open TCP is found within twice the value.
 */
export function readKeepalive(
  value: string | undefined,
): { keepaliveIntervalMs: number; keepaliveTimeoutMs: number } | Record<string, never> {
  if (value === undefined) return {};
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || seconds < 1 || seconds > 3600) {
    throw new UsageError(`--keepalive must be a number of seconds from 1 to 3600 (got "${value}")`);
  }
  const intervalMs = Math.round(seconds * 1000);
  return { keepaliveIntervalMs: intervalMs, keepaliveTimeoutMs: Math.min(intervalMs, 10_000) };
}

/** A mistake on the command line: exit code 2 and a one-line message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function requireString(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value.trim();
}

export function checkBareJid(value: string, flag: string): string {
  if (!isUserJid(value)) {
    throw new UsageError(`${flag} must be a bare JID like user@example.com (got "${value}")`);
  }
  return value;
}

export function checkService(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(xmpps?):\/\/([^/:]+)(?::(\d+))?\/?$/.exec(value);
  if (!match) {
    throw new UsageError(
      `--service must look like xmpp://HOST:PORT or xmpps://HOST:PORT (got "${value}")`,
    );
  }
  return value;
}

/** Adds the CA in `file` to the certificates TLS trusts (as NODE_EXTRA_CA_CERTS would). */
export function applyCaFile(file: string | undefined): void {
  if (!file) return;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--ca-file: cannot read ${file}: ${(error as Error).message}`);
  }
  trustExtraCertificates(pem);
}

/**
 * The login options of every command that connects, checked: the service URL, the extra
 * CA applied, the password read (environment or prompt). Spread into session options.
 */
export async function readLoginOptions(
  values: { service?: string; 'ca-file'?: string; 'allow-plaintext'?: boolean },
  jid: string,
): Promise<{ service: string | undefined; password: string; allowPlaintext: boolean }> {
  const service = checkService(values.service);
  applyCaFile(values['ca-file']);
  const password = await readPassword('HERALD_PASSWORD', `Password for ${jid}: `);
  return { service, password, allowPlaintext: values['allow-plaintext'] ?? false };
}

/**
 * The password comes from the environment (or a prompt on a terminal), never from argv,
 * where every user of the machine could read it in the process list.
 */
export async function readPassword(variable: string, prompt: string): Promise<string> {
  const fromEnv = process.env[variable];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError(`set ${variable} (the password is never taken from the command line)`);
  }
  return promptHidden(prompt);
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput(text: string): void };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    // Echo nothing while the password is typed.
    output._writeToOutput = () => undefined;
  });
}
