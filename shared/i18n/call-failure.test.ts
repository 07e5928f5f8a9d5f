import { describe, expect, test } from 'vitest';
import { CALL_FAILURE_TEXTS, callFailureOf, callFailureText } from './call-failure.ts';
import { translationGaps } from './translate.ts';

describe('a rejected call to main', () => {
  test('every code is worded in both languages', () => {
    expect(translationGaps(CALL_FAILURE_TEXTS)).toEqual([]);
  });

  test('reads the code out of what Electron hands the page; the message is the detail', () => {
    const electron = new Error(
      "Error invoking remote method 'settings:save': InvalidArgumentsError: settings:save: argument 1: the settings update must be an object",
    );
    const failure = callFailureOf(electron);
    expect(failure).toEqual({
      code: 'InvalidArgumentsError',
      detail: 'settings:save: argument 1: the settings update must be an object',
    });
    expect(callFailureText('zh-CN', failure)).toBe('Herald 拒绝了此窗口发出的无效请求。');
    expect(callFailureOf(new Error('UntrustedSenderError: inbox:get refused: x')).code).toBe(
      'UntrustedSenderError',
    );
    expect(callFailureOf(new Error("Error invoking remote method 'x': Error: boom"))).toEqual({
      code: 'failed',
      detail: 'boom',
    });
    expect(callFailureOf('odd')).toEqual({ code: 'failed', detail: 'odd' });
  });
});
