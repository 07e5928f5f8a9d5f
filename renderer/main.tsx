/** Entry of the inbox window (index.html). */
import { InboxApp } from './inbox/inbox-app.tsx';
import { I18nProvider } from './shared/i18n-context.tsx';
import { mountWindow } from './shared/mount.tsx';
import { useSettings } from './shared/use-settings.ts';
import './styles/base.css';
import './styles/inbox.css';

function Root() {
  const [settings] = useSettings();
  return (
    <I18nProvider language={settings?.effectiveLanguage ?? 'en'}>
      <InboxApp />
    </I18nProvider>
  );
}

mountWindow(<Root />);
