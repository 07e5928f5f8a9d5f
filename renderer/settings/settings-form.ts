/**
 * The settings form's state and its translation to and from main's types. Inputs hold
 * strings (what the user typed); numbers are parsed here, with a local error when they are
 * not numbers at all. Range and format checks are main's (SaveResult field errors).
 */
import type {
  ConnectionTestRequest,
  FieldError,
  FieldProblem,
  LanguageChoice,
  SettingsUpdate,
  SettingsView,
  TlsMode,
} from '../../core/desktop-api.ts';
import type { MessageKey } from '../shared/i18n.ts';

export interface SettingsForm {
  jid: string;
  host: string;
  port: string;
  tlsMode: TlsMode;
  password: string;
  systemJids: string;
  /** '' = no CA file; set only through main's file dialog (Choose…) or Clear. */
  caFile: string;
  hideContent: boolean;
  urgentBreaksDnd: boolean;
  reminderMinutes: string;
  startAtLogin: boolean;
  language: LanguageChoice;
  maxItems: string;
  maxAgeDays: string;
}

export type FormField = keyof SettingsForm;

const FIELDS: readonly FormField[] = [
  'jid',
  'host',
  'port',
  'tlsMode',
  'password',
  'systemJids',
  'caFile',
  'hideContent',
  'urgentBreaksDnd',
  'reminderMinutes',
  'startAtLogin',
  'language',
  'maxItems',
  'maxAgeDays',
];

export function formFromSettings(view: SettingsView): SettingsForm {
  return {
    jid: view.account.jid,
    host: view.account.host,
    port: view.account.port === null ? '' : String(view.account.port),
    tlsMode: view.account.tlsMode,
    password: '',
    systemJids: view.account.systemJids.join('\n'),
    caFile: view.account.caFile ?? '',
    hideContent: view.notifications.hideContent,
    urgentBreaksDnd: view.notifications.urgentBreaksDnd,
    reminderMinutes: String(view.notifications.reminderMinutes),
    startAtLogin: view.startAtLogin,
    language: view.language,
    maxItems: String(view.retention.maxItems),
    maxAgeDays: String(view.retention.maxAgeDays),
  };
}

/** One JID per line; commas and spaces are forgiven, blanks and repeats dropped. */
export function parseSystemJids(text: string): string[] {
  const jids = text
    .split(/[\s,;]+/)
    .map((jid) => jid.trim())
    .filter((jid) => jid !== '');
  return [...new Set(jids)];
}

export type LocalErrors = Partial<Record<FormField, MessageKey>>;

function parseWholeNumber(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

function parsePort(text: string): number | null | 'invalid' {
  if (text.trim() === '') return null;
  const port = parseWholeNumber(text);
  return port === null || port < 1 || port > 65535 ? 'invalid' : port;
}

/** The account part, or the fields that are not even numbers. */
function accountFromForm(form: SettingsForm) {
  const port = parsePort(form.port);
  return {
    port,
    account: {
      jid: form.jid.trim(),
      host: form.host.trim(),
      port: port === 'invalid' ? null : port,
      tlsMode: form.tlsMode,
      systemJids: parseSystemJids(form.systemJids),
      caFile: form.caFile === '' ? null : form.caFile,
    },
  };
}

export function updateFromForm(
  form: SettingsForm,
): { ok: true; update: SettingsUpdate } | { ok: false; errors: LocalErrors } {
  const errors: LocalErrors = {};
  const { port, account } = accountFromForm(form);
  if (port === 'invalid') errors.port = 'field.port.invalid';
  const maxItems = parseWholeNumber(form.maxItems);
  if (maxItems === null) errors.maxItems = 'field.number.invalid';
  const maxAgeDays = parseWholeNumber(form.maxAgeDays);
  if (maxAgeDays === null) errors.maxAgeDays = 'field.number.invalid';
  const reminderMinutes = parseWholeNumber(form.reminderMinutes);
  if (reminderMinutes === null) errors.reminderMinutes = 'field.number.invalid';
  if (maxItems === null || maxAgeDays === null || reminderMinutes === null || port === 'invalid')
    return { ok: false, errors };
  const update: SettingsUpdate = {
    account,
    notifications: {
      hideContent: form.hideContent,
      urgentBreaksDnd: form.urgentBreaksDnd,
      reminderMinutes,
    },
    startAtLogin: form.startAtLogin,
    language: form.language,
    retention: { maxItems, maxAgeDays },
  };
  // An empty box keeps the stored password; only a typed one replaces it.
  if (form.password !== '') update.password = form.password;
  return { ok: true, update };
}

export function testRequestFromForm(form: SettingsForm): ConnectionTestRequest | null {
  const { port, account } = accountFromForm(form);
  if (port === 'invalid') return null;
  return form.password === '' ? { account } : { account, password: form.password };
}

/**
 * Which input a main-side error belongs to. Main names fields by path
 * ("account.port", "retention.maxItems", "account.systemJids.1"); the last known segment wins.
 */
export function fieldOfError(path: string): FormField | null {
  const segments = path.split(/[.[\]/]+/).filter((s) => s !== '');
  for (const segment of segments.reverse()) {
    const found = FIELDS.find((field) => field.toLowerCase() === segment.toLowerCase());
    if (found) return found;
  }
  return null;
}

export interface GroupedErrors {
  byField: Partial<Record<FormField, FieldProblem[]>>;
  /** Errors that name no input the form has: shown beside the Save button. */
  general: FieldProblem[];
}

export function groupFieldErrors(errors: readonly FieldError[]): GroupedErrors {
  const grouped: GroupedErrors = { byField: {}, general: [] };
  for (const error of errors) {
    const field = fieldOfError(error.field);
    const { code, params } = error;
    const problem = { code, params } as FieldProblem;
    if (field) (grouped.byField[field] ??= []).push(problem);
    else grouped.general.push(problem);
  }
  return grouped;
}
