/**
 * The settings window: one form, saved as a whole. Main validates and answers with field
 * errors, which appear under their inputs; a successful save reloads the form from what main
 * stored. Do not disturb applies immediately.
 */
import { useState, type FormEvent } from 'react';
import type { SettingsView } from '../../core/desktop-api.ts';
import type { DndChoice } from '../../core/notification-policy.ts';
import {
  callFailureOf,
  callFailureText,
  type CallFailure,
} from '../../shared/i18n/call-failure.ts';
import { fieldProblemDetail, fieldProblemText } from '../../shared/i18n/field-errors.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { StatusBar } from '../shared/status-bar.tsx';
import { useConnection } from '../shared/use-connection.ts';
import { useNow } from '../shared/use-now.ts';
import {
  formFromSettings,
  groupFieldErrors,
  updateFromForm,
  type FormField,
  type GroupedErrors,
  type LocalErrors,
  type SettingsForm,
} from './settings-form.ts';
import { AccountSection } from './account-section.tsx';
import { ErrorDetail, type FieldMessage } from './field.tsx';
import { GeneralSection } from './general-section.tsx';
import { NotificationsSection } from './notifications-section.tsx';
import { StorageSection } from './storage-section.tsx';

type SaveState =
  | { phase: 'idle' }
  | { phase: 'saving' }
  | { phase: 'saved' }
  | { phase: 'invalid' }
  | { phase: 'error'; failure: CallFailure };

const NO_ERRORS: GroupedErrors = { byField: {}, general: [] };

interface SettingsAppProps {
  settings: SettingsView;
  onSettings(next: SettingsView): void;
}

export function SettingsApp({ settings, onSettings }: SettingsAppProps) {
  const { t, language } = useI18n();
  const now = useNow(30_000);
  const connection = useConnection();
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(settings));
  const [localErrors, setLocalErrors] = useState<LocalErrors>({});
  const [serverErrors, setServerErrors] = useState<GroupedErrors>(NO_ERRORS);
  const [saveState, setSaveState] = useState<SaveState>({ phase: 'idle' });
  const firstRun = !settings.hasPassword || settings.account.jid === '';

  const set = <K extends FormField>(field: K, value: SettingsForm[K]) => {
    setForm((current) => ({ ...current, [field]: value }));
    // Editing a field answers its error; the message goes until the next save.
    setLocalErrors(({ [field]: _gone, ...rest }) => rest);
    setServerErrors(({ byField: { [field]: _drop, ...others }, general }) => ({
      byField: others,
      general,
    }));
    setSaveState({ phase: 'idle' });
  };

  const errorsFor = (field: FormField): FieldMessage[] => {
    const local = localErrors[field];
    const fromMain = serverErrors.byField[field] ?? [];
    return [
      ...(local ? [t(local)] : []),
      ...fromMain.map((problem) => ({
        text: fieldProblemText(language, problem),
        detail: fieldProblemDetail(problem),
      })),
    ];
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const local = updateFromForm(form);
    if (!local.ok) {
      setLocalErrors(local.errors);
      setServerErrors(NO_ERRORS);
      setSaveState({ phase: 'invalid' });
      return;
    }
    setLocalErrors({});
    setSaveState({ phase: 'saving' });
    try {
      const result = await window.herald.saveSettings(local.update);
      if (result.ok) {
        setServerErrors(NO_ERRORS);
        setForm(formFromSettings(result.settings));
        onSettings(result.settings);
        setSaveState({ phase: 'saved' });
      } else {
        setServerErrors(groupFieldErrors(result.errors));
        setSaveState({ phase: 'invalid' });
      }
    } catch (error) {
      setSaveState({ phase: 'error', failure: callFailureOf(error) });
    }
  };

  const setDnd = (choice: DndChoice) => {
    void window.herald.setDnd(choice).then(onSettings);
  };

  const sectionProps = { form, set, errorsFor };
  return (
    <form className="settings" onSubmit={(event) => void save(event)} noValidate>
      <div className="settings-scroll">
        <header className="settings-header">
          <StatusBar connection={connection} offerSettings={false} />
          {firstRun ? (
            <div className="welcome" data-first-run="">
              <h1>{t('firstRun.title')}</h1>
              <p>{t('firstRun.body')}</p>
            </div>
          ) : (
            <h1>{t('settings.title')}</h1>
          )}
        </header>
        <AccountSection {...sectionProps} settings={settings} />
        <NotificationsSection {...sectionProps} settings={settings} now={now} onDnd={setDnd} />
        <GeneralSection {...sectionProps} settings={settings} />
        <StorageSection {...sectionProps} />
      </div>
      <footer className="settings-footer">
        <div className="save-status" role="status" data-save-state={saveState.phase}>
          {serverErrors.general.map((problem, index) => (
            <p key={index} className="field-error bidi" dir="auto">
              {fieldProblemText(language, problem)}
              <ErrorDetail detail={fieldProblemDetail(problem)} />
            </p>
          ))}
          {saveState.phase === 'saving' ? <p>{t('save.saving')}</p> : null}
          {saveState.phase === 'saved' ? <p className="tone-ok">{t('save.ok')}</p> : null}
          {saveState.phase === 'invalid' ? <p className="tone-error">{t('save.failed')}</p> : null}
          {saveState.phase === 'error' ? (
            <p className="tone-error bidi" dir="auto">
              {t('save.error', { message: callFailureText(language, saveState.failure) })}
              <ErrorDetail detail={saveState.failure.detail} />
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          className="button button-primary"
          disabled={saveState.phase === 'saving'}
        >
          {t('action.save')}
        </button>
      </footer>
    </form>
  );
}
