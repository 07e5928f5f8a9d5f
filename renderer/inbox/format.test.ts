import { expect, test } from 'vitest';
import { formatDateTime, formatWhen } from './format.ts';

test('dates show the year only when it is not the current one, in the UI language', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  const due = Date.parse('2026-11-27T16:00:00Z');
  expect(formatDateTime(due, 'en', now)).not.toMatch(/2026/);
  expect(formatDateTime(Date.parse('2027-01-05T09:00:00Z'), 'en', now)).toMatch(/2027/);
  expect(formatDateTime(due, 'zh-CN', now)).toMatch(/11月27日/);
});

test('a note says the time alone today, in 24 hours, and adds the date on other days', () => {
  const at = new Date(2026, 11, 2, 12, 4).getTime();
  expect(formatWhen(at, 'en', new Date(2026, 11, 2, 18, 0).getTime())).toBe('12:04');
  expect(formatWhen(at, 'zh-CN', new Date(2026, 11, 2, 18, 0).getTime())).toBe('12:04');
  expect(formatWhen(at, 'en', new Date(2026, 11, 3, 9, 0).getTime())).toMatch(/Dec.*12:04/);
});
