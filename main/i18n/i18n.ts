/**
 * Main-process strings (tray menu, tooltips, notification texts) in English and Simplified
 * Chinese. Pure: no Electron. The renderer has its own tables; both fill `{name}` with
 * shared/i18n/translate.ts.
 *
 * The OS locale (`app.getLocale()`) is only valid after `ready`.
 */
import type { Language, LanguageChoice } from '../../core/desktop-api.ts';
import { en, type MessageKey } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';
import { fillPlaceholders, type MessageParams } from '../../shared/i18n/translate.ts';

export type { MessageKey, MessageParams };

export const MESSAGES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = {
  en,
  'zh-CN': zhCN,
};

/** The string for `key` in `language`, with `{name}` placeholders filled from `params`. */
export function t(language: Language, key: MessageKey, params: MessageParams = {}): string {
  return fillPlaceholders(MESSAGES[language][key], params);
}

/** Any Chinese locale (`zh`, `zh-CN`, `zh_TW`, `zh-Hans-SG`…) → zh-CN, everything else → en. */
export function languageFromLocale(locale: string | null | undefined): Language {
  return /^zh(?:$|[-_])/i.test(locale?.trim() ?? '') ? 'zh-CN' : 'en';
}

/** The language in effect: the user's choice, or the OS locale for 'system'. */
export function resolveLanguage(
  choice: LanguageChoice,
  osLocale: string | null | undefined,
): Language {
  return choice === 'system' ? languageFromLocale(osLocale) : choice;
}
