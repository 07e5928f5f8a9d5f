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

  test('a refused certificate leaves out "certificate problem": the form says it already', () => {
    const refused = {
      ok: false,
      kind: 'certificate',
      problem: {
        code: 'certificate-problem',
        params: {
          detail: 'self-signed certificate',
          certificateCode: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        },
      },
      advice: 'unknown-issuer',
    } as const;
    expect(connectionTestMessage('en', refused)).toBe(
      "Self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT). The server's certificate is not trusted. If your administrator confirms it, choose their CA certificate file.",
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
