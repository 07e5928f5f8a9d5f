/**
 * Main-process strings (tray menu, tooltips, notification texts) in English and Simplified
 * Chinese. Pure: no Electron. The renderer has its own tables.
 *
 * The OS locale (`app.getLocale()`) is only valid after `ready`.
 */
import type { Language, LanguageChoice } from '../../core/desktop-api.ts';
import { en, type MessageKey } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export type { MessageKey };

export const MESSAGES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = {
  en,
  'zh-CN': zhCN,
};

export type MessageParams = Readonly<Record<string, string | number>>;

/** The string for `key` in `language`, with `{name}` placeholders filled from `params`. */
export function t(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const template = MESSAGES[language][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
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
