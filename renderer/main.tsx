/** Entry of the inbox window (index.html). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { InboxApp } from './inbox/inbox-app.tsx';
import { I18nProvider } from './shared/i18n-context.tsx';
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

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
