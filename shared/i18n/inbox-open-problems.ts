/**
 * Why the inbox could not be opened (core/inbox-open-error.ts) in words. The English table is
 * also `herald listen`'s and the logs' wording (docs/reliability.md quotes it): keep it as it is.
 */
import type { Language } from '../../core/desktop-api.ts';
import type {
  InboxOpenCode,
  InboxOpenProblem,
  InboxReplaced,
} from '../../core/inbox-open-error.ts';
import { isSystemErrorCode, systemErrorText } from './system-errors.ts';
import { fillPlaceholders } from './translate.ts';

export const INBOX_OPEN_TEXTS: Readonly<
  Record<Language, Readonly<Record<InboxOpenCode | 'reason.unknown', string>>>
> = {
  en: {
    'inbox-in-use':
      'the inbox in {folder} is in use by another Herald (the app or `herald listen`): close it, or give this one a data folder of its own',
    'inbox-not-writable':
      'cannot open the inbox in {folder}: the folder is not writable ({reason})',
    'inbox-too-new': 'inbox schema {version} is newer than this Herald understands ({supported})',
    // An OS code with no words of its own (system-errors.ts) is named as it is.
    'reason.unknown': '{code}',
  },
  'zh-CN': {
    'inbox-in-use':
      '{folder} 中的收件箱正被另一个 Herald（应用或 `herald listen`）使用：请关闭它，或为此 Herald 指定单独的数据文件夹。',
    'inbox-not-writable': '无法打开 {folder} 中的收件箱：该文件夹不可写（{reason}）。',
    'inbox-too-new': '收件箱的数据格式版本 {version} 比此 Herald 能识别的版本（{supported}）更新。',
    'reason.unknown': '原因不明，错误代码 {code}',
  },
};

/** The problem as a sentence in `language`; the folder is inserted as it is. */
export function inboxOpenText(language: Language, problem: InboxOpenProblem): string {
  const texts = INBOX_OPEN_TEXTS[language];
  if (problem.code !== 'inbox-not-writable') {
    return fillPlaceholders(texts[problem.code], problem.params);
  }
  const { folder, reasonCode } = problem.params;
  const reason = isSystemErrorCode(reasonCode)
    ? systemErrorText(language, reasonCode)
    : fillPlaceholders(texts['reason.unknown'], { code: reasonCode });
  return fillPlaceholders(texts['inbox-not-writable'], { folder, reason });
}

/** Whether the words say all there is: else the box shows the program's messages beside them. */
export function inboxOpenFullyWorded(problem: InboxOpenProblem): boolean {
  return problem.code !== 'inbox-not-writable' || isSystemErrorCode(problem.params.reasonCode);
}

export const INBOX_REPLACED_TEXTS: Readonly<
  Record<Language, Readonly<Record<'inbox-replaced', string>>>
> = {
  en: {
    'inbox-replaced':
      'The inbox file could not be read, so a new inbox was started. Pushes the server still keeps come back without alerting again; the unreadable file was kept as {aside}.',
  },
  'zh-CN': {
    'inbox-replaced':
      '收件箱文件无法读取，已新建收件箱。服务器上仍保存的推送会恢复，且不会再次提醒；无法读取的文件已保留为 {aside}。',
  },
};

/** A corrupt inbox file was replaced (core/sqlite-inbox-storage.ts): what the user is told. */
export function inboxReplacedText(language: Language, replaced: InboxReplaced): string {
  return fillPlaceholders(INBOX_REPLACED_TEXTS[language]['inbox-replaced'], {
    aside: replaced.aside,
  });
}

/** The English line for the log and `herald listen`: the sentence, then SQLite's message. */
export function inboxReplacedLogLine(replaced: InboxReplaced): string {
  return `${inboxReplacedText('en', replaced)} (${replaced.reason})`;
}
