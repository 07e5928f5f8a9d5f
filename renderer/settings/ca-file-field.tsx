/**
 * The CA certificate file: the chosen path (read-only: only main's file dialog picks one, so
 * the page never types paths), Choose… and Clear. Main checks the file when it is chosen and
 * again on Save; a refusal shows under the field and the form keeps what it had.
 */
import { useState } from 'react';
import type { FieldProblem, Language } from '../../core/desktop-api.ts';
import {
  callFailureOf,
  callFailureText,
  type CallFailure,
} from '../../shared/i18n/call-failure.ts';
import { fieldProblemDetail, fieldProblemText } from '../../shared/i18n/field-errors.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { Field, type FieldMessage } from './field.tsx';
import type { SectionProps } from './form-props.ts';

export function CaFileField({ form, set, errorsFor }: SectionProps) {
  const { t, language } = useI18n();
  // Kept as a problem, not a sentence: a language switch rewords it.
  const [refused, setRefused] = useState<
    { problem: FieldProblem; path?: string } | { failure: CallFailure } | null
  >(null);

  const choose = async () => {
    try {
      const choice = await window.herald.chooseCaFile();
      if (choice.status === 'canceled') return;
      if (choice.status === 'invalid') {
        setRefused({ problem: choice.problem, path: choice.path });
        return;
      }
      setRefused(null);
      set('caFile', choice.path);
    } catch (error) {
      setRefused({ failure: callFailureOf(error) });
    }
  };
  const clear = () => {
    setRefused(null);
    set('caFile', '');
  };

  return (
    <Field
      name="caFile"
      label={t('field.caFile')}
      hint={t('field.caFile.hint')}
      errors={[...(refused ? [refusalMessage(language, refused)] : []), ...errorsFor('caFile')]}
    >
      {(control) => (
        <div className="test-row">
          <input
            {...control}
            type="text"
            readOnly
            dir="ltr"
            spellCheck={false}
            placeholder={t('caFile.none')}
            value={form.caFile}
          />
          <button type="button" className="button" onClick={() => void choose()}>
            {t('action.chooseCaFile')}
          </button>
          <button type="button" className="button" disabled={form.caFile === ''} onClick={clear}>
            {t('action.clearCaFile')}
          </button>
        </div>
      )}
    </Field>
  );
}

function refusalMessage(
  language: Language,
  refused: { problem: FieldProblem; path?: string } | { failure: CallFailure },
): FieldMessage {
  if ('failure' in refused) {
    return { text: callFailureText(language, refused.failure), detail: refused.failure.detail };
  }
  const colon = language === 'zh-CN' ? '：' : ': ';
  const path = refused.path ? `${colon}${refused.path}` : '';
  return {
    text: fieldProblemText(language, refused.problem) + path,
    detail: fieldProblemDetail(refused.problem),
  };
}
