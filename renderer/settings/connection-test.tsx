/**
 * "Test connection" with what is in the form right now (the typed password, or the stored
 * one, and the chosen CA file), and the answer in words: connected, wrong password,
 * unreachable, certificate… with the refused certificate's details.
 */
import { useState } from 'react';
import type { ConnectionTestResult } from '../../core/desktop-api.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { CertificateDetails } from './certificate-details.tsx';
import { testRequestFromForm, type SettingsForm } from './settings-form.ts';

type TestState =
  { phase: 'idle' } | { phase: 'running' } | { phase: 'done'; result: ConnectionTestResult };

export function ConnectionTest({ form }: { form: SettingsForm }) {
  const { t } = useI18n();
  const [state, setState] = useState<TestState>({ phase: 'idle' });

  const run = async () => {
    const request = testRequestFromForm(form);
    if (!request) {
      setState({
        phase: 'done',
        result: { ok: false, kind: 'invalid', message: t('field.port.invalid') },
      });
      return;
    }
    setState({ phase: 'running' });
    try {
      setState({ phase: 'done', result: await window.herald.testConnection(request) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setState({ phase: 'done', result: { ok: false, kind: 'other', message } });
    }
  };

  let text: string | null = null;
  let tone = 'neutral';
  let kind = '';
  if (state.phase === 'running') text = t('test.running');
  if (state.phase === 'done') {
    const { result } = state;
    kind = result.ok ? 'ok' : result.kind;
    tone = result.ok ? 'ok' : 'error';
    text = result.ok
      ? t('test.ok', { jid: result.jid })
      : t(`test.${result.kind}`, { message: result.message });
  }

  return (
    <div className="field field-actions">
      <span />
      <div className="test-row">
        <button
          type="button"
          className="button"
          disabled={state.phase === 'running'}
          onClick={() => void run()}
        >
          {t('action.testConnection')}
        </button>
        <p
          className={`test-result tone-${tone} bidi`}
          dir="auto"
          role="status"
          data-test-result={kind || undefined}
        >
          {text}
        </p>
      </div>
      {state.phase === 'done' && !state.result.ok && state.result.certificate ? (
        <>
          <span />
          <CertificateDetails certificate={state.result.certificate} />
        </>
      ) : null}
    </div>
  );
}
