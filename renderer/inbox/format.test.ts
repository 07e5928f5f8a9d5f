import { expect, test } from 'vitest';
import { formatDateTime } from './format.ts';

test('dates show the year only when it is not the current one, in the UI language', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  const due = Date.parse('2026-11-27T16:00:00Z');
  expect(formatDateTime(due, 'en', now)).not.toMatch(/2026/);
  expect(formatDateTime(Date.parse('2027-01-05T09:00:00Z'), 'en', now)).toMatch(/2027/);
  expect(formatDateTime(due, 'zh-CN', now)).toMatch(/11月27日/);
});
