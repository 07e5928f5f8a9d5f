/**
 * Server certificates a client must refuse, next to a CA it trusts (dev/test-certificates.ts):
 * one for another host name and one that expired, both signed by that CA, and a self-signed
 * one nobody vouches for. OpenSSL 3.0's `x509 -days` cannot go back in time, so the expired
 * one is issued with `openssl ca -startdate/-enddate`.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestCertificates } from '../../../dev/test-certificates.ts';

const run = promisify(execFile);
const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export interface KeyPair {
  key: string;
  cert: string;
}

export interface BadCertificates {
  /** PEM file of the CA the client is told to trust. */
  caFile: string;
  /** For `localhost`, signed by the CA: the control, accepted. */
  good: KeyPair;
  /** For `wrong.example`, signed by the CA. */
  wrongName: KeyPair;
  /** For `localhost`, signed by the CA, valid in January 2020 only. */
  expired: KeyPair;
  /** For `localhost`, signed by itself. */
  selfSigned: KeyPair;
}

export async function createBadCertificates(dir: string): Promise<BadCertificates> {
  const { caFile, certificateFile, keyFile } = await createTestCertificates(dir, 'localhost');
  const caKey = join(dir, 'ca.key');
  const pair = async (name: string): Promise<KeyPair> => ({
    key: await readFile(join(dir, `${name}.key`), 'utf8'),
    cert: await readFile(join(dir, `${name}.crt`), 'utf8'),
  });
  const request = async (name: string, host: string) => {
    await run('openssl', [
      'req',
      ...KEY,
      '-subj',
      `/CN=${host}`,
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      join(dir, `${name}.csr`),
    ]);
    await writeFile(
      join(dir, `${name}.ext`),
      `subjectAltName=DNS:${host}\nextendedKeyUsage=serverAuth\n`,
    );
  };

  await request('wrong-name', 'wrong.example');
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    join(dir, 'wrong-name.csr'),
    '-CA',
    caFile,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-days',
    '3',
    '-out',
    join(dir, 'wrong-name.crt'),
    '-extfile',
    join(dir, 'wrong-name.ext'),
  ]);

  await request('expired', 'localhost');
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '1000\n');
  await writeFile(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `database = ${join(dir, 'index.txt')}`,
      `new_certs_dir = ${dir}`,
      `serial = ${join(dir, 'serial')}`,
      'default_md = sha256',
      'policy = any',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  await run('openssl', [
    'ca',
    '-batch',
    '-notext',
    '-config',
    join(dir, 'ca.cnf'),
    '-cert',
    caFile,
    '-keyfile',
    caKey,
    '-in',
    join(dir, 'expired.csr'),
    '-out',
    join(dir, 'expired.crt'),
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200131000000Z',
    '-extfile',
    join(dir, 'expired.ext'),
  ]);

  await run('openssl', [
    'req',
    '-x509',
    ...KEY,
    '-days',
    '3',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost',
    '-keyout',
    join(dir, 'self-signed.key'),
    '-out',
    join(dir, 'self-signed.crt'),
  ]);

  return {
    caFile,
    good: { key: await readFile(keyFile, 'utf8'), cert: await readFile(certificateFile, 'utf8') },
    wrongName: await pair('wrong-name'),
    expired: await pair('expired'),
    selfSigned: await pair('self-signed'),
  };
}
