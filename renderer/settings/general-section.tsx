/** Start at login and the UI language. */
import type { LanguageChoice, SettingsView } from '../../core/desktop-api.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { CheckboxField, Field, Section } from './field.tsx';
import type { SectionProps } from './form-props.ts';

// Type-only imports from core: the choices are spelled out here, exhaustively checked.
const LANGUAGE_LABELS: Record<
  LanguageChoice,
  'language.system' | 'language.en' | 'language.zh-CN'
> = {
  system: 'language.system',
  en: 'language.en',
  'zh-CN': 'language.zh-CN',
};
const LANGUAGES = Object.keys(LANGUAGE_LABELS) as LanguageChoice[];

export function GeneralSection({
  form,
  set,
  errorsFor,
  settings,
}: SectionProps & { settings: SettingsView }) {
  const { t } = useI18n();
  return (
    <Section title={t('section.general')}>
      <CheckboxField
        name="startAtLogin"
        label={t('field.startAtLogin')}
        // Without a tray a hidden start would leave nothing on screen: say what happens instead.
        hint={settings.trayAvailable ? undefined : t('tray.noHost')}
        checked={form.startAtLogin}
        onChange={(checked) => set('startAtLogin', checked)}
        errors={errorsFor('startAtLogin')}
      />
      <Field name="language" label={t('field.language')} errors={errorsFor('language')}>
        {(control) => (
          <select
            {...control}
            value={form.language}
            onChange={(event) => set('language', event.target.value as LanguageChoice)}
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(LANGUAGE_LABELS[language])}
              </option>
            ))}
          </select>
        )}
      </Field>
    </Section>
  );
}
