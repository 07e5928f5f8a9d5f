/**
 * The window's language, from settings.effectiveLanguage, switching live on
 * onSettingsChanged. English until the settings arrive (one frame at startup).
 */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { Language } from '../../core/desktop-api.ts';
import { createTranslator, localeOf, type Translate } from './i18n.ts';

export interface I18n {
  language: Language;
  /** BCP 47 tag for Intl formatters. */
  locale: string;
  t: Translate;
}

const I18nContext = createContext<I18n>({
  language: 'en',
  locale: 'en',
  t: createTranslator('en'),
});

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(
    () => ({ language, locale: localeOf(language), t: createTranslator(language) }),
    [language],
  );
  useEffect(() => {
    // Screen readers and CJK font selection follow the document language.
    document.documentElement.lang = value.locale;
  }, [value.locale]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
