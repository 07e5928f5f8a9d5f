import { describe, expect, test } from 'vitest';
import { placeholdersOf } from '../../shared/i18n/translate.ts';
import { createTranslator, messages } from './i18n.ts';

describe('i18n', () => {
  test('English and Simplified Chinese have exactly the same keys', () => {
    expect(Object.keys(messages['zh-CN']).sort()).toEqual(Object.keys(messages.en).sort());
  });

  test('every translation is non-empty and keeps the same placeholders', () => {
    for (const [key, english] of Object.entries(messages.en)) {
      const chinese = messages['zh-CN'][key as keyof typeof messages.en];
      expect(chinese.trim(), key).not.toBe('');
      expect(placeholdersOf(chinese), key).toEqual(placeholdersOf(english));
    }
  });

  test('placeholders are filled as plain text, unknown ones left alone', () => {
    const t = createTranslator('en');
    expect(t('empty.search', { query: '<b>x</b>' })).toBe('No messages match “<b>x</b>”.');
    expect(t('tab.unread')).toBe('{count} unread');
    expect(createTranslator('zh-CN')('tab.unread', { count: 3 })).toBe('3 条未读');
  });
});
