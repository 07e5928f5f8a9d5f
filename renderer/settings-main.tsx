/** Entry of the settings window (settings.html). */
import { useEffect } from 'react';
import { I18nProvider, useI18n } from './shared/i18n-context.tsx';
import { mountWindow } from './shared/mount.tsx';
import { useSettings } from './shared/use-settings.ts';
import { SettingsApp } from './settings/settings-app.tsx';
import './styles/base.css';
import './styles/settings.css';

function Loading() {
  const { t } = useI18n();
  return <p className="settings-loading">{t('settings.loading')}</p>;
}

function Title() {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('settings.title')} — ${t('app.title')}`;
  }, [t]);
  return null;
}

function Root() {
  const [settings, setSettings] = useSettings();
  return (
    <I18nProvider language={settings?.effectiveLanguage ?? 'en'}>
      <Title />
      {settings ? <SettingsApp settings={settings} onSettings={setSettings} /> : <Loading />}
    </I18nProvider>
  );
}

mountWindow(<Root />);
