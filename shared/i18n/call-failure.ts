/**
 * A window's call to main that was rejected, in the user's words. Main rejects a bad call
 * with an error whose name is its code (main/ipc/ipc-arguments.ts InvalidArgumentsError,
 * main/ipc/ipc-handlers.ts UntrustedSenderError); Electron hands the page only
 * `Error invoking remote method '<channel>': <name>: <message>`, so the code is read back out
 * of that text here and the message stays the technical detail.
 */
import type { Language } from '../../core/desktop-api.ts';

export const CALL_FAILURE_TEXTS = {
  en: {
    InvalidArgumentsError: 'Herald refused a request from this window as invalid.',
    UntrustedSenderError: 'Herald refused a request from a page it does not trust.',
    failed: 'Herald could not do this.',
  },
  'zh-CN': {
    InvalidArgumentsError: 'Herald 拒绝了此窗口发出的无效请求。',
    UntrustedSenderError: 'Herald 拒绝了来自不受信任页面的请求。',
    failed: 'Herald 无法完成此操作。',
  },
} as const satisfies Readonly<Record<Language, Readonly<Record<string, string>>>>;

export type CallFailureCode = keyof (typeof CALL_FAILURE_TEXTS)['en'];

/** Kept as data, not words, so a language switch rewords it. */
export interface CallFailure {
  code: CallFailureCode;
  /** main's own (English) message: for a bug report, shown smaller. */
  detail: string;
}

export function callFailureOf(error: unknown): CallFailure {
  const text = error instanceof Error ? error.message : String(error);
  const unwrapped = text.replace(/^Error invoking remote method '[^']*': /, '');
  const match = /^(InvalidArgumentsError|UntrustedSenderError): /.exec(unwrapped);
  if (match?.[1] === 'InvalidArgumentsError' || match?.[1] === 'UntrustedSenderError') {
    return { code: match[1], detail: unwrapped.slice(match[0].length) };
  }
  return { code: 'failed', detail: unwrapped.replace(/^Error: /, '') };
}

export function callFailureText(language: Language, failure: CallFailure): string {
  return CALL_FAILURE_TEXTS[language][failure.code];
}
