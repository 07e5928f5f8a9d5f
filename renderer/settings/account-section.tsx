/**
 * JID, server, port, TLS mode, CA file, password and the system JIDs, plus Test connection
 * and, while the live connection refuses the server's certificate, that certificate.
 */
import type { SettingsView, TlsMode } from '../../core/desktop-api.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { CaFileField } from './ca-file-field.tsx';
import { LiveCertificateRefusal } from './certificate-details.tsx';
import { ConnectionTest } from './connection-test.tsx';
import { Field, NumberField, Section } from './field.tsx';
import type { SectionProps } from './form-props.ts';

// Type-only imports from core: the option lists are spelled out here, exhaustively checked.
const TLS_LABELS: Record<TlsMode, 'tls.starttls' | 'tls.direct-tls' | 'tls.plaintext'> = {
  starttls: 'tls.starttls',
  'direct-tls': 'tls.direct-tls',
  plaintext: 'tls.plaintext',
};
const TLS_MODES = Object.keys(TLS_LABELS) as TlsMode[];

export function AccountSection({
  form,
  set,
  errorsFor,
  settings,
}: SectionProps & { settings: SettingsView }) {
  const { t } = useI18n();
  const storage = settings.secretStorage;
  return (
    <Section title={t('section.account')}>
      <Field name="jid" label={t('field.jid')} hint={t('field.jid.hint')} errors={errorsFor('jid')}>
        {(control) => (
          <input
            {...control}
            type="text"
            dir="auto"
            autoComplete="username"
            spellCheck={false}
            placeholder="alice@example.com"
            value={form.jid}
            onChange={(event) => set('jid', event.target.value)}
          />
        )}
      </Field>
      <Field
        name="password"
        label={t('field.password')}
        hint={settings.hasPassword ? t('password.stored') : t('password.none')}
        errors={errorsFor('password')}
      >
        {(control) => (
          <>
            <input
              {...control}
              type="password"
              autoComplete="current-password"
              placeholder={settings.hasPassword ? t('password.storedPlaceholder') : ''}
              value={form.password}
              onChange={(event) => set('password', event.target.value)}
            />
            {storage !== 'strong' ? (
              <p className="callout callout-warning" data-secret-storage={storage} role="note">
                {t(storage === 'weak' ? 'secret.weak' : 'secret.unavailable')}
              </p>
            ) : null}
          </>
        )}
      </Field>
      <Field
        name="systemJids"
        label={t('field.systemJids')}
        hint={t('field.systemJids.hint')}
        errors={errorsFor('systemJids')}
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            dir="auto"
            spellCheck={false}
            placeholder="notify@example.com"
            value={form.systemJids}
            onChange={(event) => set('systemJids', event.target.value)}
          />
        )}
      </Field>
      <Field
        name="host"
        label={t('field.host')}
        hint={t('field.host.hint')}
        errors={errorsFor('host')}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            spellCheck={false}
            value={form.host}
            onChange={(event) => set('host', event.target.value)}
          />
        )}
      </Field>
      <NumberField
        name="port"
        label={t('field.port')}
        hint={t('field.port.hint')}
        errors={errorsFor('port')}
        value={form.port}
        onChange={(value) => set('port', value)}
      />
      <Field name="tlsMode" label={t('field.tlsMode')} errors={errorsFor('tlsMode')}>
        {(control) => (
          <>
            <select
              {...control}
              value={form.tlsMode}
              onChange={(event) => set('tlsMode', event.target.value as TlsMode)}
            >
              {TLS_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {t(TLS_LABELS[mode])}
                </option>
              ))}
            </select>
            {form.tlsMode === 'plaintext' ? (
              <p className="callout callout-danger" role="note">
                {t('tls.plaintextWarning')}
              </p>
            ) : null}
          </>
        )}
      </Field>
      <CaFileField form={form} set={set} errorsFor={errorsFor} />
      <ConnectionTest form={form} />
      <LiveCertificateRefusal />
    </Section>
  );
}
