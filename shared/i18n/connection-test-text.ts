/**
 * The sentence under "Test connection": the problem, then what to do about it. The form puts
 * it into its own "Wrong account or password: {message}", and problemDetail beside it.
 */
import type {
  ConnectionTestAdvice,
  ConnectionTestResult,
  Language,
} from '../../core/desktop-api.ts';
import { causeText } from './connection-causes.ts';
import { problemText } from './connection-problems.ts';
import { fieldProblemText } from './field-errors.ts';
import { asSentence } from './translate.ts';

export const ADVICE_TEXTS: Readonly<
  Record<Language, Readonly<Record<ConnectionTestAdvice, string>>>
> = {
  en: {
    auth: 'Check the JID and the password.',
    unreachable: 'Check the server name and port, and that this computer is online.',
    certificate: "The server's certificate is not trusted; ask its administrator.",
    'unknown-issuer':
      "The server's certificate is not trusted. If your administrator confirms it, choose their CA certificate file.",
    'no-tls': 'Choose another security mode only if you trust this network completely.',
    timeout: 'Check the server name and port; a firewall may be dropping the connection.',
  },
  'zh-CN': {
    auth: '请检查 JID 和密码。',
    unreachable: '请检查服务器名称和端口，并确认这台电脑已联网。',
    certificate: '服务器的证书不受信任，请咨询服务器管理员。',
    'unknown-issuer': '服务器的证书不受信任。如果管理员确认该证书无误，请选择其 CA 证书文件。',
    'no-tls': '只有在完全信任此网络时，才选择其他安全方式。',
    timeout: '请检查服务器名称和端口；防火墙可能丢弃了连接。',
  },
};

type Failure = Extract<ConnectionTestResult, { ok: false }>;

export function connectionTestMessage(language: Language, result: Failure): string {
  if (result.kind === 'invalid') return fieldProblemText(language, result.problem);
  const { problem } = result;
  // Where the form's own words already say "certificate problem" or "server unreachable",
  // the cause alone follows (not "Server unreachable: server unreachable: …").
  const saidByForm =
    (result.kind === 'certificate' && problem.code === 'certificate-problem') ||
    (result.kind === 'unreachable' &&
      (problem.code === 'unreachable' || problem.code === 'connection-refused'));
  const detail = saidByForm ? causeText(language, problem.cause) : problemText(language, problem);
  const ended = asSentence(language, detail);
  if (!result.advice) return ended;
  // Chinese runs sentences together; English puts a space between them.
  const gap = language === 'zh-CN' ? '' : ' ';
  return `${ended}${gap}${ADVICE_TEXTS[language][result.advice]}`;
}
