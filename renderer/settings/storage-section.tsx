/** How much history to keep, and where the logs are. */
import { useI18n } from '../shared/i18n-context.tsx';
import { NumberField, Section } from './field.tsx';
import type { SectionProps } from './form-props.ts';

export function StorageSection({ form, set, errorsFor }: SectionProps) {
  const { t } = useI18n();
  return (
    <Section title={t('section.storage')}>
      <NumberField
        name="maxItems"
        label={t('field.maxItems')}
        errors={errorsFor('maxItems')}
        value={form.maxItems}
        onChange={(value) => set('maxItems', value)}
      />
      <NumberField
        name="maxAgeDays"
        label={t('field.maxAgeDays')}
        errors={errorsFor('maxAgeDays')}
        value={form.maxAgeDays}
        onChange={(value) => set('maxAgeDays', value)}
      />
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
