/**
 * "Test connection" with what is in the form right now (the typed password, or the stored
 * one, and the chosen CA file), and the answer in words: connected, wrong password,
 * unreachable, certificate… with the refused certificate's details.
 */
import { useState } from 'react';
import type { ConnectionTestResult } from '../../core/desktop-api.ts';
import {
  callFailureOf,
  callFailureText,
  type CallFailure,
} from '../../shared/i18n/call-failure.ts';
import { problemDetail } from '../../shared/i18n/connection-problems.ts';
import { connectionTestMessage } from '../../shared/i18n/connection-test-text.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { CertificateDetails } from './certificate-details.tsx';
import { ErrorDetail } from './field.tsx';
import { testRequestFromForm, type SettingsForm } from './settings-form.ts';

/** The answer is kept as data, not words: a language switch rewords it. */
type TestState =
  | { phase: 'idle' }
  | { phase: 'running' }
  /** The port is not even a number: caught here, before asking main. */
  | { phase: 'port-invalid' }
  | { phase: 'done'; result: ConnectionTestResult }
  /** Main refused the call itself (not the connection). */
  | { phase: 'call-failed'; failure: CallFailure };

export function ConnectionTest({ form }: { form: SettingsForm }) {
  const { t, language } = useI18n();
  const [state, setState] = useState<TestState>({ phase: 'idle' });

  const run = async () => {
    const request = testRequestFromForm(form);
    if (!request) {
      setState({ phase: 'port-invalid' });
      return;
    }
    setState({ phase: 'running' });
    try {
      setState({ phase: 'done', result: await window.herald.testConnection(request) });
    } catch (error) {
      setState({ phase: 'call-failed', failure: callFailureOf(error) });
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
      : t(`test.${result.kind}`, { message: connectionTestMessage(language, result) });
  }
  if (state.phase === 'call-failed') {
    kind = 'other';
    tone = 'error';
    text = t('test.other', { message: callFailureText(language, state.failure) });
  }
  if (state.phase === 'port-invalid') {
    kind = 'invalid';
    tone = 'error';
    text = t('test.invalid', { message: t('field.port.invalid') });
  }
  const certificate =
    state.phase === 'done' && !state.result.ok && state.result.kind !== 'invalid'
      ? state.result.certificate
      : undefined;

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
          {state.phase === 'call-failed' ? <ErrorDetail detail={state.failure.detail} /> : null}
          {state.phase === 'done' && !state.result.ok && state.result.kind !== 'invalid' ? (
            <ErrorDetail detail={problemDetail(state.result.problem)} />
          ) : null}
        </p>
      </div>
      {certificate ? (
        <>
          <span />
          <CertificateDetails certificate={certificate} />
        </>
      ) : null}
    </div>
  );
}
