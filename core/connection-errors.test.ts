import { describe, expect, test } from 'vitest';
import {
  connectionProblem,
  describeConnectionError,
  isCertificateProblem,
  isFatal,
  UnsafeConnectionError,
} from './connection-errors.ts';

const coded = (code: string, message: string) => Object.assign(new Error(message), { code });
const sasl = (condition: string, message: string) =>
  Object.assign(new Error(message), { name: 'SASLError', condition });

describe('connectionProblem', () => {
  test.each([
    [sasl('not-authorized', 'not-authorized'), 'auth-failed', {}],
    [sasl('account-disabled', 'gone'), 'login-refused', { detail: 'gone' }],
    [
      coded('CERT_HAS_EXPIRED', 'certificate has expired'),
      'certificate-problem',
      { detail: 'certificate has expired', certificateCode: 'CERT_HAS_EXPIRED' },
    ],
    [
      coded('ECONNREFUSED', 'connect ECONNREFUSED ::1:5222'),
      'connection-refused',
      { detail: 'connect ECONNREFUSED ::1:5222' },
    ],
    [
      coded('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere'),
      'host-not-found',
      { detail: 'getaddrinfo ENOTFOUND nowhere' },
    ],
    [coded('EPIPE', 'write EPIPE'), 'connection-lost', { detail: 'write EPIPE' }],
    [coded('EHOSTUNREACH', 'no route'), 'unreachable', { detail: 'no route' }],
    [
      Object.assign(new Error('conflict'), { name: 'StreamError' }),
      'stream-error',
      { detail: 'conflict' },
    ],
    [new Error('something else'), 'other', { detail: 'something else' }],
    ['a string', 'other', { detail: 'a string' }],
  ])('%s → %s', (error, code, params) => {
    expect(connectionProblem(error)).toEqual({ code, params });
  });

  test('an unsafe connection carries its own problem, and is fatal', () => {
    const error = new UnsafeConnectionError({ code: 'tls-required', params: {} });
    expect(connectionProblem(error)).toEqual({ code: 'tls-required', params: {} });
    expect(error.message).toBe('the server offered no TLS; refusing to log in over plaintext');
    expect(isFatal(error)).toBe(true);
  });

  test('only a refused certificate is a certificate problem', () => {
    expect(isCertificateProblem(connectionProblem(coded('CERT_REVOKED', 'revoked')))).toBe(true);
    expect(isCertificateProblem(connectionProblem(coded('ECONNREFUSED', 'refused')))).toBe(false);
    expect(isCertificateProblem(null)).toBe(false);
  });
});

describe('describeConnectionError (the CLI’s and the logs’ English)', () => {
  test.each([
    [sasl('not-authorized', 'not-authorized'), 'wrong user name or password'],
    [sasl('account-disabled', 'gone'), 'login refused by the server: gone'],
    [
      coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      'certificate problem: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      coded('ECONNREFUSED', 'connect ECONNREFUSED ::1:5222'),
      'server unreachable: connection refused (connect ECONNREFUSED ::1:5222)',
    ],
    [coded('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x'), 'server not found: getaddrinfo EAI_AGAIN x'],
    [coded('ECONNRESET', 'read ECONNRESET'), 'connection lost: read ECONNRESET'],
    [coded('ETIMEDOUT', 'connect ETIMEDOUT'), 'server unreachable: connect ETIMEDOUT'],
    [
      Object.assign(new Error('conflict'), { name: 'StreamError' }),
      'the server closed the stream: conflict',
    ],
    [new Error('something else'), 'something else'],
  ])('%s → %s', (error, sentence) => {
    expect(describeConnectionError(error)).toBe(sentence);
  });
});
