/**
 * The one `{name}` translator of main and the renderer. Pure, no Node, no DOM: both processes
 * import it as a value (the renderer's only value import outside renderer/).
 */
import type { Language } from '../../core/desktop-api.ts';

export type MessageParams = Readonly<Record<string, string | number>>;

/** `template` with each `{name}` filled from `params` as plain text; unknown ones stay visible. */
export function fillPlaceholders(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * A phrase (the CLI's lower-case English, a server's words) as a sentence of its own: a capital
 * first letter, and a full stop of the language unless it has one.
 */
export function asSentence(language: Language, phrase: string): string {
  const sentence = phrase.charAt(0).toUpperCase() + phrase.slice(1);
  if (/[.。!?！？]$/.test(sentence)) return sentence;
  return `${sentence}${language === 'zh-CN' ? '。' : '.'}`;
}

/** The `{name}` placeholders of a template, sorted: translations must keep the same ones. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

/**
 * What keeps a set of per-language tables from being complete: a key missing in a language
 * or not in English, an empty text, or a translation whose placeholders differ from English. Empty when none.
 */
export function translationGaps(
  tables: Readonly<Record<string, Readonly<Record<string, string>>>>,
): string[] {
  const { en = {}, ...others } = tables;
  const gaps: string[] = [];
  for (const [language, table] of Object.entries({ en, ...others })) {
    const keys = new Set([...Object.keys(en), ...Object.keys(table)]);
    for (const key of keys) {
      const text = table[key];
      const english = en[key];
      if (english === undefined) gaps.push(`${language} ${key}: not in English`);
      else if (text === undefined) gaps.push(`${language} ${key}: missing`);
      else if (text.trim() === '') gaps.push(`${language} ${key}: empty`);
      else if (placeholdersOf(text).join() !== placeholdersOf(english).join()) {
        gaps.push(`${language} ${key}: placeholders differ from English`);
      }
    }
  }
  return gaps;
}
