import { describe, expect, test } from 'vitest';
import { fillPlaceholders, placeholdersOf, translationGaps } from './translate.ts';

describe('fillPlaceholders', () => {
  test('fills placeholders as plain text and leaves unknown ones visible', () => {
    expect(fillPlaceholders('No match for “{query}”', { query: '<b>x</b>' })).toBe(
      'No match for “<b>x</b>”',
    );
    expect(fillPlaceholders('{count} unread')).toBe('{count} unread');
    expect(fillPlaceholders('{count} 条未读', { count: 3 })).toBe('3 条未读');
  });

  test('takes only the params’ own keys, never inherited ones', () => {
    expect(fillPlaceholders('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });

  test('lists the placeholders of a template', () => {
    expect(placeholdersOf('{b} and {a}, {b}')).toEqual(['a', 'b', 'b']);
  });
});

describe('translationGaps', () => {
  test('names a missing key, an empty text and changed placeholders', () => {
    const tables = {
      en: { a: 'A {n}', b: 'B', c: 'C' },
      'zh-CN': { a: '甲 {m}', b: ' ', d: '丁' },
    };
    expect(translationGaps(tables).sort()).toEqual([
      'zh-CN a: placeholders differ from English',
      'zh-CN b: empty',
      'zh-CN c: missing',
      'zh-CN d: not in English',
    ]);
    expect(translationGaps({ en: { a: '{n}' }, 'zh-CN': { a: '{n} 个' } })).toEqual([]);
  });
});
