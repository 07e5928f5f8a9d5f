/**
 * A throwaway CA and a server certificate signed by it, for the loopback test servers
 * (dev/prosody.ts, dev/ejabberd.ts). Clients trust the CA through a CA option or
 * `NODE_EXTRA_CA_CERTS`, so the certificate is checked for real, against the name `localhost`.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** PEM of the CA that signed the server certificate: what clients trust. */
  caFile: string;
  /** PEM of the server certificate (subjectAltName DNS:domain). */
  certificateFile: string;
  /** PEM of the server certificate's private key (unencrypted). */
  keyFile: string;
}

/**
 * Writes `ca.{crt,key}` and `DOMAIN.{crt,key}` into `dir`. P-256 keys rather than RSA: the
 * same checks for a client, but generated in milliseconds instead of a few hundred (every test
 * file starts its own servers).
 */
export async function createTestCertificates(
  dir: string,
  domain: string,
): Promise<TestCertificates> {
  const ca = join(dir, 'ca');
  const server = join(dir, domain);
  const days = '3';
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...key,
    '-days',
    days,
    '-subj',
    '/CN=Herald Test CA',
    '-keyout',
    `${ca}.key`,
    '-out',
    `${ca}.crt`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', [
    'req',
    ...key,
    '-subj',
    `/CN=${domain}`,
    '-keyout',
    `${server}.key`,
    '-out',
    `${server}.csr`,
  ]);
  await writeFile(`${server}.ext`, `subjectAltName=DNS:${domain}\nextendedKeyUsage=serverAuth\n`);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    `${server}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    days,
    '-out',
    `${server}.crt`,
    '-extfile',
    `${server}.ext`,
  ]);
  return { caFile: `${ca}.crt`, certificateFile: `${server}.crt`, keyFile: `${server}.key` };
}
