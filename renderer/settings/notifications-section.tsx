/**
 * Do not disturb takes effect at once (like the tray menu), the other switches on Save.
 */
import type { SettingsView } from '../../core/desktop-api.ts';
import type { DndChoice } from '../../core/notification-policy.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { CheckboxField, NumberField, Section } from './field.tsx';
import type { SectionProps } from './form-props.ts';

const CHOICES: Array<{ choice: DndChoice; key: 'dnd.1h' | 'dnd.tomorrow' | 'dnd.off' }> = [
  { choice: '1h', key: 'dnd.1h' },
  { choice: 'tomorrow', key: 'dnd.tomorrow' },
  { choice: 'off', key: 'dnd.off' },
];

interface NotificationsProps extends SectionProps {
  settings: SettingsView;
  now: number;
  onDnd(choice: DndChoice): void;
}

export function NotificationsSection({
  form,
  set,
  errorsFor,
  settings,
  now,
  onDnd,
}: NotificationsProps) {
  const { t, locale } = useI18n();
  const until = settings.notifications.dndUntil;
  const active = until !== null && until > now;
  const untilText = active
    ? new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(until))
    : '';
  return (
    <Section title={t('section.notifications')}>
      <div className="field">
        <span className="field-label" id="dnd-label">
          {t('dnd.label')}
        </span>
        <div className="field-control">
          <p className="dnd-state" data-dnd={active ? 'on' : 'off'}>
            {active ? t('dnd.stateOn', { time: untilText }) : t('dnd.stateOff')}
          </p>
          <div className="segmented" role="group" aria-labelledby="dnd-label">
            {CHOICES.map(({ choice, key }) =>
              choice === 'off' && !active ? null : (
                <button key={choice} type="button" className="button" onClick={() => onDnd(choice)}>
                  {t(key)}
                </button>
              ),
            )}
          </div>
        </div>
      </div>
      <CheckboxField
        name="urgentBreaksDnd"
        label={t('field.urgentBreaksDnd')}
        checked={form.urgentBreaksDnd}
        onChange={(checked) => set('urgentBreaksDnd', checked)}
      />
      <NumberField
        name="reminderMinutes"
        label={t('field.reminderMinutes')}
        hint={t('field.reminderMinutes.hint')}
        errors={errorsFor('reminderMinutes')}
        value={form.reminderMinutes}
        onChange={(value) => set('reminderMinutes', value)}
      />
      <CheckboxField
        name="hideContent"
        label={t('field.hideContent')}
        hint={t('field.hideContent.hint')}
        checked={form.hideContent}
        onChange={(checked) => set('hideContent', checked)}
      />
    </Section>
  );
}
