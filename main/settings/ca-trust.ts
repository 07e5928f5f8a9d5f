/**
 * Which certificate authorities the desktop app's XMPP connections trust: Node's bundled
 * roots, the operating system's store (company CAs rolled out by IT land there) and one
 * optional PEM file chosen in Settings. The packaged app's fuses turn NODE_EXTRA_CA_CERTS
 * off, so this is the only way to add a private CA. No Electron here.
 *
 * Process-wide, not per connection: @xmpp/client 0.14 takes no TLS options (xmpp.js#598),
 * and its STARTTLS step calls `tls.connect({ socket, host })` with nothing else, so the
 * default CA list is the one hook that covers both STARTTLS and direct TLS. The main process
 * makes no other Node TLS connections (Electron's own network stack uses Chromium's store),
 * so the list is ours to set; it is set whole each time, so clearing the file untrusts it.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import type { FieldProblem } from '../../core/desktop-api.ts';
import { pemCertificateBlocks } from '../../core/tls-trust.ts';
import { fieldProblemText } from '../../shared/i18n/field-errors.ts';

/** The certificates of a PEM text that really parse as X.509; a key or garbage gives none. */
export function parsePemCertificates(text: string): string[] {
  return pemCertificateBlocks(text).filter((pem) => {
    try {
      new X509Certificate(pem);
      return true;
    } catch {
      return false;
    }
  });
}

export type CaFileCheck =
  { ok: true; certificates: string[] } | { ok: false; problem: FieldProblem };

/** Reads and checks a CA file; the problem is for the form's field error or the log. */
export function readCaFile(path: string): CaFileCheck {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ok: false, problem: { code: 'caFile.missing', params: {} } };
    }
    const detail = (error as Error).message;
    return { ok: false, problem: { code: 'caFile.unreadable', params: { detail } } };
  }
  const certificates = parsePemCertificates(text);
  if (certificates.length) return { ok: true, certificates };
  return { ok: false, problem: { code: 'caFile.notPem', params: {} } };
}

/**
 * The base is what the process trusted before the first CaTrust (Node's bundled roots, and in
 * development NODE_EXTRA_CA_CERTS) plus the OS store, read once: a later service must not take
 * an earlier one's CA file for a base root. Reading the OS store can fail (an old runtime, an
 * unreadable store): then the bundled roots still work, and `warn` says why.
 */
let base: { roots: readonly string[]; problem: string | null } | undefined;

function baseRoots() {
  if (base) return base;
  const roots = new Set(tls.getCACertificates('default'));
  let problem: string | null = null;
  try {
    for (const pem of tls.getCACertificates('system')) roots.add(pem);
  } catch (error) {
    problem = `the system's certificate store could not be read: ${(error as Error).message}`;
  }
  base = { roots: [...roots], problem };
  return base;
}

export interface CaTrust {
  /** Trust the base, the fixed certificates and this CA file (re-read; null = none). */
  useCaFile(path: string | null): void;
  /**
   * Also trust these certificates until the returned function is called: a connection test
   * with a CA file chosen but not saved yet. Adding a CA the user just picked only widens
   * trust for that moment; the engine never loses the saved one.
   */
  alsoTrust(certificates: readonly string[]): () => void;
}

/**
 * `fixed`: certificates always trusted (a test server's CA, from the service's deps). An
 * unusable CA file is a warning, not a failure: the app starts, and the connection then
 * reports the certificate it refused.
 */
export function createCaTrust(options: {
  fixed: readonly string[];
  warn(message: string): void;
}): CaTrust {
  // Electron's Node may predate setDefaultCACertificates (Node 22.19 / 24.5): then Node's
  // default roots still apply, and the log says the CA file cannot.
  if (typeof tls.setDefaultCACertificates !== 'function') {
    options.warn('this runtime cannot add CA certificates; the CA file setting is ignored');
    return { useCaFile: () => undefined, alsoTrust: () => () => undefined };
  }
  const { roots, problem } = baseRoots();
  if (problem) options.warn(problem);
  let fromFile: readonly string[] = [];
  const temporary = new Set<readonly string[]>();
  const apply = () => {
    const all = [...roots, ...options.fixed, ...fromFile, ...[...temporary].flat()];
    tls.setDefaultCACertificates([...new Set(all)]);
  };
  return {
    useCaFile(path) {
      const check = path ? readCaFile(path) : null;
      if (path && check && !check.ok) {
        const why = fieldProblemText('en', check.problem);
        options.warn(`CA certificate file ${path} is not used: ${why}`);
      }
      fromFile = check?.ok ? check.certificates : [];
      apply();
    },
    alsoTrust(certificates) {
      const entry = [...certificates];
      temporary.add(entry);
      apply();
      return () => {
        temporary.delete(entry);
        apply();
      };
    },
  };
}
