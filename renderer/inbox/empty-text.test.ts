import { expect, test } from 'vitest';
import { emptyTextKey } from './empty-text.ts';

test('a search with no results says so; otherwise each tab has its own empty state', () => {
  expect(emptyTextKey('todo', '')).toBe('empty.todo');
  expect(emptyTextKey('news', '  ')).toBe('empty.news');
  expect(emptyTextKey('all', '')).toBe('empty.all');
  expect(emptyTextKey('todo', 'x')).toBe('empty.search');
});
