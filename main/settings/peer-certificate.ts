/**
 * Reads the certificate a server presents, after a connection refused it, so Settings can show
 * its subject, issuer and fingerprint (what the user compares with their administrator's).
 *
 * A separate, read-only connection rather than the failing one: when verification fails, Node
 * destroys the TLS socket before any event runs (getPeerCertificate() is null by the time the
 * error is seen), and @xmpp/client hides its STARTTLS socket anyway. This probe sends only the
 * stream header and <starttls/> (never credentials), accepts any certificate just to read it,
 * and closes at once. No Electron here.
 */
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { AccountSettings, RefusedCertificate } from '../../core/desktop-api.ts';
import { serviceFor } from '../connection/session-options.ts';

export const PROBE_TIMEOUT_MS = 5_000;

/** Subject and issuer on one line each ("CN=…, O=…"), as the form shows them. */
export function describeCertificate(certificate: X509Certificate): RefusedCertificate {
  const oneLine = (name: string) => name.split('\n').filter(Boolean).join(', ');
  return {
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    fingerprint256: certificate.fingerprint256,
    validTo: new Date(certificate.validTo).toISOString(),
  };
}

function streamHeader(domain: string): string {
  const to = domain.replace(/[<>&'"]/g, '');
  return (
    `<?xml version='1.0'?><stream:stream to='${to}' version='1.0' xmlns='jabber:client' ` +
    `xmlns:stream='http://etherx.jabber.org/streams'>`
  );
}

/**
 * The server's certificate for this account, or null when it cannot be read in time. Never
 * rejects: it only adds detail to a failure already reported.
 */
export async function fetchServerCertificate(
  account: AccountSettings,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<RefusedCertificate | null> {
  try {
    return await probe(account, timeoutMs);
  } catch {
    return null;
  }
}

function probe(account: AccountSettings, timeoutMs: number): Promise<RefusedCertificate | null> {
  const { hostname, port } = new URL(serviceFor(account));
  const domain = account.jid.split('@')[1] ?? hostname;
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const sockets: net.Socket[] = [];
    let finished = false;
    const finish = (result: RefusedCertificate | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      // The TLS socket before the one under it: destroying the plain socket first, from the
      // TLS socket's secureConnect, crashed Node 24.21 (SIGSEGV) once the process exited.
      for (const socket of [...sockets].reverse()) socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const readCertificate = (options: tls.ConnectionOptions) => {
      // Never used for anything but reading the certificate: closed right after the handshake.
      const secure = tls.connect({ ...options, rejectUnauthorized: false });
      sockets.push(secure);
      secure.once('error', () => finish(null));
      secure.once('secureConnect', () => {
        try {
          const raw = secure.getPeerCertificate().raw;
          finish(raw ? describeCertificate(new X509Certificate(raw)) : null);
        } catch {
          finish(null); // a certificate Node cannot parse: nothing to show
        }
      });
    };
    if (account.tlsMode === 'direct-tls') {
      readCertificate({ host, port: Number(port), servername: domain });
      return;
    }
    const plain = net.connect({ host, port: Number(port) });
    sockets.push(plain);
    plain.once('error', () => finish(null));
    plain.once('connect', () => plain.write(streamHeader(domain)));
    let received = '';
    let asked = false;
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!asked && received.includes('</stream:features>')) {
        asked = true;
        plain.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      } else if (asked && /<proceed\b/.test(received)) {
        plain.off('data', onData);
        readCertificate({ socket: plain, servername: domain });
      } else if (received.length > 64 * 1024) finish(null);
    };
    plain.on('data', onData);
  });
}
