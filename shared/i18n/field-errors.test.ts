import { describe, expect, test } from 'vitest';
import { FIELD_PROBLEM_TEXTS, fieldProblemText } from './field-errors.ts';
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
});
