import { describe, expect, test } from 'vitest';
import { ADVICE_TEXTS, connectionTestMessage } from './connection-test-text.ts';
import { translationGaps } from './translate.ts';

describe('connectionTestMessage', () => {
  test('every advice is worded in both languages', () => {
    expect(translationGaps(ADVICE_TEXTS)).toEqual([]);
  });

  test('the problem as a sentence, then the advice, in either language', () => {
    const auth = {
      ok: false,
      kind: 'auth',
      problem: { code: 'auth-failed', params: {} },
      advice: 'auth',
    } as const;
    expect(connectionTestMessage('en', auth)).toBe(
      'Wrong user name or password. Check the JID and the password.',
    );
    expect(connectionTestMessage('zh-CN', auth)).toBe('用户名或密码错误。请检查 JID 和密码。');
  });

  test('a refused certificate leaves out "certificate problem" (the form says it) and words the verdict', () => {
    const refused = {
      ok: false,
      kind: 'certificate',
      problem: {
        code: 'certificate-problem',
        params: {
          detail: 'self-signed certificate',
          certificateCode: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        },
        cause: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      },
      advice: 'unknown-issuer',
    } as const;
    expect(connectionTestMessage('en', refused)).toBe(
      "The certificate is self-signed. The server's certificate is not trusted. If your administrator confirms it, choose their CA certificate file.",
    );
    // Node's English verdict stays out of the Chinese sentence.
    expect(connectionTestMessage('zh-CN', refused)).toBe(
      '证书是自签名的。服务器的证书不受信任。如果管理员确认该证书无误，请选择其 CA 证书文件。',
    );
  });

  test('an unreachable server: the cause alone, as the form already says "server unreachable"', () => {
    const refused = {
      ok: false,
      kind: 'unreachable',
      problem: {
        code: 'connection-refused',
        params: { detail: 'connect ECONNREFUSED 127.0.0.1:1' },
        cause: 'ECONNREFUSED',
      },
      advice: 'unreachable',
    } as const;
    expect(connectionTestMessage('zh-CN', refused)).toBe(
      '该端口不接受连接。请检查服务器名称和端口，并确认这台电脑已联网。',
    );
    const reset = {
      ...refused,
      problem: {
        code: 'connection-lost',
        params: { detail: 'read ECONNRESET' },
        cause: 'ECONNRESET',
      },
    } as const;
    expect(connectionTestMessage('en', reset)).toBe(
      'Connection lost: the connection was reset. Check the server name and port, and that this computer is online.',
    );
  });

  test('a refused request says which field, without advice', () => {
    const invalid = {
      ok: false,
      kind: 'invalid',
      problem: { code: 'password.needed', params: {} },
    } as const;
    expect(connectionTestMessage('en', invalid)).toBe('Enter the password');
    expect(connectionTestMessage('zh-CN', invalid)).toBe('请输入密码');
  });
});
