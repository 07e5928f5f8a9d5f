import { expect, test } from 'vitest';
import type { ConnectionProblem } from '../../core/connection-errors.ts';
import { describeConnection } from './connection-status.ts';
import { createTranslator } from './i18n.ts';

const refused: ConnectionProblem = {
  code: 'connection-refused',
  params: { detail: 'connect ECONNREFUSED 127.0.0.1:5222' },
  cause: 'ECONNREFUSED',
};

test('online shows no bar; each other state says what happens and offers the right action', () => {
  const now = 1_000_000;
  expect(describeConnection({ state: 'online', jid: 'a@b' }, now, 'en')).toBeNull();
  expect(describeConnection({ state: 'connecting' }, now, 'en')).toMatchObject({ action: null });
  expect(
    describeConnection(
      { state: 'reconnecting', attempt: 2, nextAttemptAt: now + 4_200, problem: refused },
      now,
      'en',
    ),
  ).toEqual({
    key: 'status.reconnectingReason',
    values: {
      seconds: 5,
      reason: 'server unreachable: connection refused (nothing accepts connections on that port)',
    },
    tone: 'warning',
    action: 'reconnect',
    detail: null,
  });
  expect(
    describeConnection(
      { state: 'reconnecting', attempt: 1, nextAttemptAt: now - 1, problem: null },
      now,
      'en',
    ),
  ).toMatchObject({ key: 'status.reconnectingNow' });
  expect(
    describeConnection(
      { state: 'auth-failed', problem: { code: 'auth-failed', params: {} } },
      now,
      'en',
    ),
  ).toMatchObject({ tone: 'error', action: 'settings' });
  expect(describeConnection({ state: 'offline' }, now, 'en')).toMatchObject({
    action: 'reconnect',
  });
  expect(describeConnection({ state: 'unconfigured' }, now, 'en')).toMatchObject({
    action: 'settings',
  });
});

test('the problem is worded in the window’s language, not interpolated in English', () => {
  const line = (language: 'en' | 'zh-CN') => {
    const view = { state: 'auth-failed', problem: { code: 'auth-failed', params: {} } } as const;
    const status = describeConnection(view, 0, language)!;
    return createTranslator(language)(status.key, status.values);
  };
  expect(line('en')).toBe('Sign-in failed: wrong user name or password');
  expect(line('zh-CN')).toBe('登录失败：用户名或密码错误');
  const error = describeConnection({ state: 'error', problem: refused }, 0, 'zh-CN')!;
  expect(createTranslator('zh-CN')(error.key, error.values)).toBe(
    '连接错误：无法连接服务器：连接被拒绝（该端口不接受连接）',
  );
  expect(error.detail).toBeNull();
  // A message Herald cannot word: the sentence says so, the message goes beside it.
  const hangUp = { code: 'other', params: { detail: 'socket hang up' } } as const;
  const odd = describeConnection({ state: 'error', problem: hangUp }, 0, 'zh-CN')!;
  expect(createTranslator('zh-CN')(odd.key, odd.values)).toBe('连接错误：无法识别的错误');
  expect(odd.detail).toBe('socket hang up');
});
