import { describe, expect, test } from 'vitest';
import { FIELD_PROBLEM_TEXTS, fieldProblemDetail, fieldProblemText } from './field-errors.ts';
import { translationGaps } from './translate.ts';

describe('settings field problem texts', () => {
  test('every code is worded in both languages, with the same placeholders', () => {
    expect(translationGaps(FIELD_PROBLEM_TEXTS)).toEqual([]);
  });

  test('fills the parameters in either language', () => {
    const range = { code: 'maxItems.range', params: { min: 100, max: 100_000 } } as const;
    expect(fieldProblemText('en', range)).toBe('Keep at most 100 to 100000 items');
    expect(fieldProblemText('zh-CN', range)).toBe('最多保留 100 到 100000 条消息');
    const loginItem = { code: 'startAtLogin.failed', params: { detail: 'denied' } } as const;
    expect(fieldProblemText('zh-CN', loginItem)).toBe('无法更改登录项：denied');
  });

  test('an OS error in a detail is worded by its code; the raw text stays a detail', () => {
    const unreadable = {
      code: 'caFile.unreadable',
      params: { detail: "EACCES: permission denied, open '/etc/ca.pem'" },
    } as const;
    expect(fieldProblemText('zh-CN', unreadable)).toBe('无法读取证书文件：权限不足');
    expect(fieldProblemText('en', unreadable)).toBe(
      'Cannot read the certificate file: permission denied',
    );
    expect(fieldProblemDetail(unreadable)).toBe("EACCES: permission denied, open '/etc/ca.pem'");
    const approval = {
      code: 'startAtLogin.failed',
      params: { detail: 'login-item.requires-approval: status requires-approval' },
    } as const;
    expect(fieldProblemText('zh-CN', approval)).toBe(
      '无法更改登录项：macOS 需要您的批准（系统设置 → 通用 → 登录项，然后打开 Herald）',
    );
    expect(fieldProblemDetail({ code: 'invalid', params: { detail: 'odd' } })).toBeNull();
  });
});
