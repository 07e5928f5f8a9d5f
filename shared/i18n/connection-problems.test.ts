import { describe, expect, test } from 'vitest';
import { PROBLEM_TEXTS, problemText } from './connection-problems.ts';
import { translationGaps } from './translate.ts';

describe('connection problem texts', () => {
  test('every code is worded in both languages, with the same placeholders', () => {
    expect(translationGaps(PROBLEM_TEXTS)).toEqual([]);
  });

  test('Chinese words the problem itself and keeps the server’s detail as it is', () => {
    const problem = {
      code: 'certificate-problem',
      params: { detail: 'self-signed certificate', certificateCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
    } as const;
    expect(problemText('zh-CN', problem)).toBe(
      '证书有问题：self-signed certificate（DEPTH_ZERO_SELF_SIGNED_CERT）',
    );
    expect(problemText('zh-CN', { code: 'timeout', params: { seconds: 20 } })).toBe(
      '服务器在 20 秒内没有响应',
    );
    expect(problemText('en', { code: 'auth-failed', params: {} })).toBe(
      'wrong user name or password',
    );
  });
});
