/**
 * How errors from the network, TLS and SASL layers map to the Settings form's failure kinds
 * (the real-server cases — ok, auth, unreachable — are in app-service.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { UnsafeConnectionError } from '../../core/connection-errors.ts';
import { classifyConnectionError } from './connection-test.ts';
import { serviceFor } from '../connection/session-options.ts';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('classifyConnectionError', () => {
  test.each([
    [
      Object.assign(new Error('not-authorized'), {
        name: 'SASLError',
        condition: 'not-authorized',
      }),
      'auth',
    ],
    [new UnsafeConnectionError({ code: 'tls-required', params: {} }), 'no-tls'],
    [coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'certificate'],
    [coded('ERR_TLS_CERT_ALTNAME_INVALID'), 'certificate'],
    [coded('CERT_HAS_EXPIRED'), 'certificate'],
    [coded('ECONNREFUSED'), 'unreachable'],
    [coded('ENOTFOUND'), 'unreachable'],
    [new Error('something else'), 'other'],
    [null, 'other'],
  ] as const)('%s → %s', (error, kind) => {
    expect(classifyConnectionError(error)).toBe(kind);
  });
});

describe('serviceFor', () => {
  const account = { jid: 'alice@example.com', host: '', port: null, systemJids: ['n@example.com'] };
  test('host from the JID, default port per TLS mode', () => {
    expect(serviceFor({ ...account, tlsMode: 'starttls' })).toBe('xmpp://example.com:5222');
    expect(serviceFor({ ...account, tlsMode: 'direct-tls' })).toBe('xmpps://example.com:5223');
    expect(serviceFor({ ...account, tlsMode: 'plaintext', host: 'lan', port: 15222 })).toBe(
      'xmpp://lan:15222',
    );
  });
});
