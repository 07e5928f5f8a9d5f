import { expect, test } from 'vitest';
import { describeConnection } from './connection-status.ts';

test('online shows no bar; each other state says what happens and offers the right action', () => {
  const now = 1_000_000;
  expect(describeConnection({ state: 'online', jid: 'a@b' }, now)).toBeNull();
  expect(describeConnection({ state: 'connecting' }, now)).toMatchObject({ action: null });
  expect(
    describeConnection(
      { state: 'reconnecting', attempt: 2, nextAttemptAt: now + 4_200, reason: 'ECONNREFUSED' },
      now,
    ),
  ).toEqual({
    key: 'status.reconnectingReason',
    values: { seconds: 5, reason: 'ECONNREFUSED' },
    tone: 'warning',
    action: 'reconnect',
  });
  expect(
    describeConnection(
      { state: 'reconnecting', attempt: 1, nextAttemptAt: now - 1, reason: null },
      now,
    ),
  ).toMatchObject({ key: 'status.reconnectingNow' });
  expect(describeConnection({ state: 'auth-failed', reason: 'not-authorized' }, now)).toMatchObject(
    {
      tone: 'error',
      action: 'settings',
    },
  );
  expect(describeConnection({ state: 'offline' }, now)).toMatchObject({ action: 'reconnect' });
  expect(describeConnection({ state: 'unconfigured' }, now)).toMatchObject({ action: 'settings' });
});
