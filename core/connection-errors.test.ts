import { describe, expect, test } from 'vitest';
import {
  connectionProblem,
  describeConnectionError,
  isCertificateProblem,
  isFatal,
  UnsafeConnectionError,
} from './connection-errors.ts';
import { CAUSE_TEXTS } from '../shared/i18n/connection-causes.ts';

const coded = (code: string, message: string) => Object.assign(new Error(message), { code });
const sasl = (condition: string, message: string) =>
  Object.assign(new Error(message), { name: 'SASLError', condition });

describe('connectionProblem', () => {
  test.each([
    [sasl('not-authorized', 'not-authorized'), 'auth-failed', {}, undefined],
    [
      sasl('account-disabled', 'account-disabled - gone'),
      'login-refused',
      { detail: 'account-disabled - gone' },
      'sasl:account-disabled',
    ],
    [sasl('made-up', 'made-up'), 'login-refused', { detail: 'made-up' }, undefined],
    [
      coded('CERT_HAS_EXPIRED', 'certificate has expired'),
      'certificate-problem',
      { detail: 'certificate has expired', certificateCode: 'CERT_HAS_EXPIRED' },
      'CERT_HAS_EXPIRED',
    ],
    [
      coded('ECONNREFUSED', 'connect ECONNREFUSED ::1:5222'),
      'connection-refused',
      { detail: 'connect ECONNREFUSED ::1:5222' },
      'ECONNREFUSED',
    ],
    [
      coded('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere'),
      'host-not-found',
      { detail: 'getaddrinfo ENOTFOUND nowhere' },
      'ENOTFOUND',
    ],
    [coded('EPIPE', 'write EPIPE'), 'connection-lost', { detail: 'write EPIPE' }, 'EPIPE'],
    [coded('EHOSTUNREACH', 'no route'), 'unreachable', { detail: 'no route' }, 'EHOSTUNREACH'],
    [
      Object.assign(new Error('conflict - Replaced'), {
        name: 'StreamError',
        condition: 'conflict',
      }),
      'stream-error',
      { detail: 'conflict - Replaced' },
      'stream:conflict',
    ],
    [
      Object.assign(new Error('undefined-condition'), {
        name: 'StreamError',
        condition: 'undefined-condition',
      }),
      'stream-error',
      { detail: 'undefined-condition' },
      undefined,
    ],
    [coded('ECONNABORTED', 'aborted'), 'other', { detail: 'aborted' }, undefined],
    [new Error('something else'), 'other', { detail: 'something else' }, undefined],
    ['a string', 'other', { detail: 'a string' }, undefined],
  ])('%s → %s (cause %s)', (error, code, params, cause) => {
    expect(connectionProblem(error)).toEqual(cause ? { code, params, cause } : { code, params });
  });

  test('every cause the windows can word is one the classification gives', () => {
    const causes = Object.keys(CAUSE_TEXTS.en).filter((cause) => cause !== 'unknown');
    for (const cause of causes) {
      const [kind, condition] = cause.split(':');
      const error =
        kind === 'sasl' || kind === 'stream'
          ? Object.assign(new Error(String(condition)), {
              name: kind === 'sasl' ? 'SASLError' : 'StreamError',
              condition,
            })
          : coded(cause, 'as the library says it');
      expect(connectionProblem(error).cause, cause).toBe(cause);
    }
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
