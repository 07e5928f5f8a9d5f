import { describe, expect, it } from 'vitest';
import { placeholdersOf } from '../../shared/i18n/translate.ts';
import { MESSAGES, languageFromLocale, resolveLanguage, t } from './i18n.ts';

describe('i18n', () => {
  it('has the same keys, all non-empty, in both languages', () => {
    const enKeys = Object.keys(MESSAGES.en).sort();
    expect(Object.keys(MESSAGES['zh-CN']).sort()).toEqual(enKeys);
    for (const language of ['en', 'zh-CN'] as const) {
      for (const value of Object.values(MESSAGES[language])) expect(value.trim()).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(MESSAGES.en)) {
      const zh = MESSAGES['zh-CN'][key as keyof typeof MESSAGES.en];
      expect(placeholdersOf(zh), key).toEqual(placeholdersOf(text));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'notification.summary.body', { count: 4 })).toBe('4 new messages');
    expect(t('zh-CN', 'notification.summary.body', { count: 4 })).toBe('4 条新消息');
    expect(t('en', 'tooltip.dnd')).toBe('Do not disturb until {time}');
  });

  it('picks zh-CN for any Chinese OS locale and English otherwise', () => {
    for (const locale of ['zh', 'zh-CN', 'zh_CN', 'zh-TW', 'zh-Hans-SG', 'ZH-cn'])
      expect(languageFromLocale(locale), locale).toBe('zh-CN');
    for (const locale of ['en-US', 'de', 'zhx', '', undefined, null])
      expect(languageFromLocale(locale), String(locale)).toBe('en');
    expect(resolveLanguage('system', 'zh-CN')).toBe('zh-CN');
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
    expect(resolveLanguage('zh-CN', 'en-US')).toBe('zh-CN');
  });
});
