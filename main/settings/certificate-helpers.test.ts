/** The pure parts of CA trust: which PEM blocks are certificates, and how one is described. */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectionProblem, isCertificateProblem } from '../../core/connection-errors.ts';
import { createTestCertificates, type TestCertificates } from '../../dev/test-certificates.ts';
import { parsePemCertificates, readCaFile } from './ca-trust.ts';
import { describeCertificate } from './peer-certificate.ts';

let dir = '';
let certs: TestCertificates;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-certs-'));
  certs = await createTestCertificates(dir, 'xmpp.example.com');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('parsePemCertificates', () => {
  test('keeps every certificate of a bundle and drops what is not one', async () => {
    const ca = await readFile(certs.caFile, 'utf8');
    const server = await readFile(certs.certificateFile, 'utf8');
    const key = await readFile(certs.keyFile, 'utf8');
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    const found = parsePemCertificates(`# company bundle\n${ca}\n${key}\n${broken}\n${server}`);
    expect(found).toEqual([ca.trim(), server.trim()]);
    expect(parsePemCertificates(key)).toEqual([]);
    expect(parsePemCertificates('')).toEqual([]);
  });
});

describe('readCaFile', () => {
  test('a PEM certificate file, a key, a text file and a missing file', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'hello');
    expect(readCaFile(certs.caFile)).toMatchObject({
      ok: true,
      certificates: [expect.any(String)],
    });
    const notPem = { ok: false, problem: { code: 'caFile.notPem', params: {} } };
    expect(readCaFile(certs.keyFile)).toEqual(notPem);
    expect(readCaFile(text)).toEqual(notPem);
    expect(readCaFile(join(dir, 'gone.pem'))).toEqual({
      ok: false,
      problem: { code: 'caFile.missing', params: {} },
    });
  });
});

describe('describeCertificate', () => {
  test('subject and issuer on one line, the SHA-256 fingerprint, the expiry in ISO 8601', async () => {
    const certificate = new X509Certificate(await readFile(certs.certificateFile));
    expect(describeCertificate(certificate)).toEqual({
      subject: 'CN=xmpp.example.com',
      issuer: 'CN=Herald Test CA',
      fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
      validTo: new Date(certificate.validTo).toISOString(),
    });
  });
});

describe('isCertificateProblem', () => {
  test('recognises the problem of a refused certificate', () => {
    const refused = Object.assign(new Error('unable to verify the first certificate'), {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(isCertificateProblem(connectionProblem(refused))).toBe(true);
    expect(isCertificateProblem(connectionProblem(unreachable))).toBe(false);
    expect(isCertificateProblem(null)).toBe(false);
  });
});
