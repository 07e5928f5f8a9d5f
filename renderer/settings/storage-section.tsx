/** How much history to keep, and where the logs are. */
import { useI18n } from '../shared/i18n-context.tsx';
import { Field, Section } from './field.tsx';
import type { SectionProps } from './form-props.ts';

export function StorageSection({ form, set, errorsFor }: SectionProps) {
  const { t } = useI18n();
  return (
    <Section title={t('section.storage')}>
      <Field name="maxItems" label={t('field.maxItems')} errors={errorsFor('maxItems')}>
        {(control) => (
          <input
            {...control}
            className="input-short"
            type="text"
            inputMode="numeric"
            value={form.maxItems}
            onChange={(event) => set('maxItems', event.target.value)}
          />
        )}
      </Field>
      <Field name="maxAgeDays" label={t('field.maxAgeDays')} errors={errorsFor('maxAgeDays')}>
        {(control) => (
          <input
            {...control}
            className="input-short"
            type="text"
            inputMode="numeric"
            value={form.maxAgeDays}
            onChange={(event) => set('maxAgeDays', event.target.value)}
          />
        )}
      </Field>
      <div className="field field-actions">
        <span />
        <div className="test-row">
          <button
            type="button"
            className="button"
            onClick={() => void window.herald.openLogFolder()}
          >
            {t('action.openLogFolder')}
          </button>
          <span className="field-hint">{t('logs.hint')}</span>
        </div>
      </div>
    </Section>
  );
}
