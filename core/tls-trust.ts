import tls from 'node:tls';

/** The `CERTIFICATE` blocks of a PEM text, as written (keys and other blocks left out). */
export function pemCertificateBlocks(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/**
 * Trust an extra CA (PEM, one or more certificates) for every TLS connection of this
 * process, on top of the system store. @xmpp/client has no TLS options of its own
 * (xmpp.js#598) and STARTTLS hard-codes them, so the process default is the one hook
 * that covers both STARTTLS and direct TLS. Needs Node ≥ 22.19 / 24.5.
 */
export function trustExtraCertificates(pem: string): void {
  const certificates = pemCertificateBlocks(pem);
  if (certificates.length === 0) throw new Error('no PEM certificate found in the CA file');
  const current = tls.getCACertificates('default');
  const added = certificates.filter((cert) => !current.includes(cert));
  if (added.length) tls.setDefaultCACertificates([...current, ...added]);
}
