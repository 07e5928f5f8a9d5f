/**
 * Why main refused a setting (core/desktop-api.ts FieldProblem), in words. The English table
 * keeps the wording main used to send, which the e2e tests read.
 */
import type { FieldProblem, FieldProblemCode, Language } from '../../core/desktop-api.ts';
import { wordedDetail } from './system-errors.ts';
import { fillPlaceholders } from './translate.ts';

export const FIELD_PROBLEM_TEXTS: Readonly<
  Record<Language, Readonly<Record<FieldProblemCode, string>>>
> = {
  en: {
    'settings.type': 'Settings must be an object',
    'setting.unknown': 'Unknown setting',
    'toggle.type': 'Must be on or off',
    'jid.type': 'your JID must be text',
    'jid.missing': 'Enter your JID, like user@example.com',
    'jid.tooLong': 'your JID is too long',
    'jid.invalid': 'your JID must look like user@example.com (no resource, no spaces)',
    'systemJid.type': 'a system JID must be text',
    'systemJid.missing': 'Enter a system JID, like user@example.com',
    'systemJid.tooLong': 'a system JID is too long',
    'systemJid.invalid': 'a system JID must look like user@example.com (no resource, no spaces)',
    'host.type': 'The server must be text',
    'host.tooLong': 'The server name is too long',
    'host.invalid': 'The server must be a host name like xmpp.example.com, or empty',
    'port.type': 'The port must be a number',
    'port.notInteger': 'The port must be a whole number',
    'port.range': 'The port must be between {min} and {max}',
    'tlsMode.invalid': 'The security mode must be one of {choices}',
    'systemJids.type': 'The system JIDs must be a list',
    'systemJids.missing': 'Enter at least one system JID (the account that sends the pushes)',
    'systemJids.tooMany': 'At most {max} system JIDs',
    'caFile.type': 'The CA certificate must be a file path',
    'caFile.empty': 'Choose a CA certificate file, or clear it',
    'caFile.tooLong': 'The CA certificate path is too long',
    'caFile.notChosen': 'Choose the CA certificate file with Choose…',
    'caFile.missing': 'Cannot read the certificate file: it does not exist',
    'caFile.unreadable': 'Cannot read the certificate file: {detail}',
    'caFile.notPem': 'This is not a PEM certificate file',
    'password.type': 'The password must be text',
    'password.empty': 'Enter the password (or leave it unchanged)',
    'password.tooLong': 'The password is too long',
    'password.needed': 'Enter the password',
    'password.noSafeStorage': 'This system offers no safe place to store the password',
    'language.invalid': 'The language must be one of {choices}',
    'maxItems.type': 'Keep at most: must be a number',
    'maxItems.notInteger': 'Keep at most: must be a whole number',
    'maxItems.range': 'Keep at most {min} to {max} items',
    'maxAgeDays.type': 'Keep for: must be a number of days',
    'maxAgeDays.notInteger': 'Keep for: must be a whole number of days',
    'maxAgeDays.range': 'Keep items for {min} to {max} days',
    'reminderMinutes.type': 'Remind every: must be a number of minutes',
    'reminderMinutes.notInteger': 'Remind every: must be a whole number of minutes',
    'reminderMinutes.range': 'Remind every {min} to {max} minutes',
    'startAtLogin.failed': 'Could not change the login item: {detail}',
    invalid: '{detail}',
  },
  'zh-CN': {
    'settings.type': '设置必须是一个对象',
    'setting.unknown': '未知的设置项',
    'toggle.type': '只能是开或关',
    'jid.type': '你的 JID 必须是文本',
    'jid.missing': '请输入你的 JID，例如 user@example.com',
    'jid.tooLong': '你的 JID 太长',
    'jid.invalid': '你的 JID 格式应类似 user@example.com（不含资源，不含空格）',
    'systemJid.type': '通知发送方 JID 必须是文本',
    'systemJid.missing': '请输入通知发送方 JID，例如 user@example.com',
    'systemJid.tooLong': '通知发送方 JID 太长',
    'systemJid.invalid': '通知发送方 JID 格式应类似 user@example.com（不含资源，不含空格）',
    'host.type': '服务器地址必须是文本',
    'host.tooLong': '服务器名称太长',
    'host.invalid': '服务器地址应为主机名（例如 xmpp.example.com），或留空',
    'port.type': '端口必须是数字',
    'port.notInteger': '端口必须是整数',
    'port.range': '端口必须在 {min} 到 {max} 之间',
    'tlsMode.invalid': '连接安全方式必须是以下之一：{choices}',
    'systemJids.type': '通知发送方必须是列表',
    'systemJids.missing': '请至少输入一个通知发送方 JID（发送推送的账户）',
    'systemJids.tooMany': '通知发送方最多 {max} 个',
    'caFile.type': 'CA 证书必须是文件路径',
    'caFile.empty': '请选择 CA 证书文件，或清除此项',
    'caFile.tooLong': 'CA 证书路径太长',
    'caFile.notChosen': '请用“选择…”按钮选择 CA 证书文件',
    'caFile.missing': '无法读取证书文件：文件不存在',
    'caFile.unreadable': '无法读取证书文件：{detail}',
    'caFile.notPem': '这不是 PEM 证书文件',
    'password.type': '密码必须是文本',
    'password.empty': '请输入密码（或保持不变）',
    'password.tooLong': '密码太长',
    'password.needed': '请输入密码',
    'password.noSafeStorage': '此系统没有可安全保存密码的地方',
    'language.invalid': '语言必须是以下之一：{choices}',
    'maxItems.type': '最多保留：必须是数字',
    'maxItems.notInteger': '最多保留：必须是整数',
    'maxItems.range': '最多保留 {min} 到 {max} 条消息',
    'maxAgeDays.type': '保留天数：必须是数字',
    'maxAgeDays.notInteger': '保留天数：必须是整数',
    'maxAgeDays.range': '消息保留 {min} 到 {max} 天',
    'reminderMinutes.type': '提醒间隔：必须是分钟数',
    'reminderMinutes.notInteger': '提醒间隔：必须是整数分钟',
    'reminderMinutes.range': '每 {min} 到 {max} 分钟提醒一次',
    'startAtLogin.failed': '无法更改登录项：{detail}',
    invalid: '{detail}',
  },
};

/**
 * The problem as a sentence in `language`; parameters are inserted as text, a `detail` that
 * starts with an OS error code (EACCES…) as that code's phrase (see fieldProblemDetail).
 */
export function fieldProblemText(language: Language, problem: FieldProblem): string {
  const params: Record<string, string | number> = { ...problem.params };
  if ('detail' in problem.params)
    params.detail = wordedDetail(language, problem.params.detail).phrase;
  return fillPlaceholders(FIELD_PROBLEM_TEXTS[language][problem.code], params);
}

/** The OS's own words behind a worded detail, to show smaller under the sentence; else null. */
export function fieldProblemDetail(problem: FieldProblem): string | null {
  return 'detail' in problem.params ? wordedDetail('en', problem.params.detail).raw : null;
}
