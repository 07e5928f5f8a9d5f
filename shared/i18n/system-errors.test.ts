import { describe, expect, test } from 'vitest';
import {
  SYSTEM_ERROR_TEXTS,
  systemErrorCodeOf,
  systemErrorCodeOfError,
  wordedDetail,
} from './system-errors.ts';
import { translationGaps } from './translate.ts';

describe('system error texts', () => {
  test('every code is worded in both languages', () => {
    expect(translationGaps(SYSTEM_ERROR_TEXTS)).toEqual([]);
  });

  test('a detail starting with a known code is worded, the raw text kept beside it', () => {
    expect(wordedDetail('zh-CN', 'ENOSPC: no space left on device, write')).toEqual({
      phrase: '磁盘已满',
      raw: 'ENOSPC: no space left on device, write',
    });
    expect(wordedDetail('zh-CN', 'EWHATEVER: odd')).toEqual({
      phrase: 'EWHATEVER: odd',
      raw: null,
    });
    expect(systemErrorCodeOf('constructor: x')).toBeNull();
    expect(systemErrorCodeOfError(Object.assign(new Error('x'), { code: 'EROFS' }))).toBe('EROFS');
    expect(systemErrorCodeOfError('EROFS')).toBeNull();
  });
});
