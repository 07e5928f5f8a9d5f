/**
 * The settings file's shape, its defaults, the checks a change from the Settings window must
 * pass (with problem codes the form words next to the field), and our own versioned migrations
 * (conf's `migrations` option is documented as unreliable, so the file carries `schemaVersion`
 * and we migrate it ourselves). No Electron here.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { isUserJid } from '../../core/jid.ts';
import {
  LANGUAGES,
  TLS_MODES,
  type AccountSettings,
  type FieldError,
  type FieldProblem,
  type LanguageChoice,
  type NotificationPreferences,
  type RetentionPreferences,
  type SettingsUpdate,
} from '../../core/desktop-api.ts';

export interface StoredSettings {
  account: AccountSettings;
  notifications: NotificationPreferences;
  startAtLogin: boolean;
  language: LanguageChoice;
  retention: RetentionPreferences;
}

export const SETTINGS_VERSION = 3;

/** Reminders for unacknowledged pushes: every 1 minute to every 4 hours. */
export const REMINDER_LIMITS = { min: 1, max: 240 } as const;

export const RETENTION_LIMITS = {
  maxItems: { min: 100, max: 100_000 },
  maxAgeDays: { min: 1, max: 3650 },
} as const;

export function defaultSettings(): StoredSettings {
  return {
    account: { jid: '', host: '', port: null, tlsMode: 'starttls', systemJids: [], caFile: null },
    notifications: {
      dndUntil: null,
      urgentBreaksDnd: true,
      hideContent: false,
      reminderMinutes: 5,
    },
    startAtLogin: false,
    language: 'system',
    retention: { maxItems: 10_000, maxAgeDays: 90 },
  };
}

/** The account is usable once it names the user and at least one system JID. */
export function isAccountConfigured(account: AccountSettings): boolean {
  return account.jid !== '' && account.systemJids.length > 0;
}

// ---- checks for what the user enters ----

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$/;

/**
 * Zod carries a refusal as its message: the message is the problem's code, and the problem
 * itself (with its parameters, the same wherever the code is used) is looked up by it.
 */
const PROBLEMS = new Map<string, FieldProblem>();
function refuse(problem: FieldProblem): string {
  PROBLEMS.set(problem.code, problem);
  return problem.code;
}
const none = (code: FieldProblemCodeWithoutParams) => refuse({ code, params: {} } as FieldProblem);
type FieldProblemCodeWithoutParams = Extract<
  FieldProblem,
  { params: Record<string, never> }
>['code'];

const PORT_RANGE = { min: 1, max: 65_535 };

const bareJid = (subject: 'jid' | 'systemJid') =>
  z
    .string({ error: none(`${subject}.type`) })
    .trim()
    .min(1, { error: none(`${subject}.missing`) })
    .max(1023, { error: none(`${subject}.tooLong`) })
    .refine((jid) => isUserJid(jid), { error: none(`${subject}.invalid`) });

export const accountSchema = z.object({
  jid: bareJid('jid'),
  host: z
    .string({ error: none('host.type') })
    .trim()
    .max(253, { error: none('host.tooLong') })
    .refine((host) => host === '' || HOST.test(host), { error: none('host.invalid') }),
  port: z
    .number({ error: none('port.type') })
    .int({ error: none('port.notInteger') })
    .min(PORT_RANGE.min, { error: refuse({ code: 'port.range', params: PORT_RANGE }) })
    .max(PORT_RANGE.max, { error: refuse({ code: 'port.range', params: PORT_RANGE }) })
    .nullable(),
  tlsMode: z.enum(TLS_MODES, {
    error: refuse({ code: 'tlsMode.invalid', params: { choices: TLS_MODES.join(', ') } }),
  }),
  systemJids: z
    .array(bareJid('systemJid'), { error: none('systemJids.type') })
    .min(1, { error: none('systemJids.missing') })
    .max(50, { error: refuse({ code: 'systemJids.tooMany', params: { max: 50 } }) }),
  // Only the path is checked here; whether it is a PEM certificate file is the handler's
  // check (it reads the file), so a test or save with a bad file answers a field error.
  caFile: z
    .string({ error: none('caFile.type') })
    // Not trimmed: a path is exact, and a file name may end in a space.
    .min(1, { error: none('caFile.empty') })
    .max(4096, { error: none('caFile.tooLong') })
    .nullable()
    .default(null),
});

const { maxItems: ITEMS, maxAgeDays: DAYS } = RETENTION_LIMITS;
const itemsRange = refuse({ code: 'maxItems.range', params: ITEMS });
const daysRange = refuse({ code: 'maxAgeDays.range', params: DAYS });

export const retentionSchema = z.object({
  maxItems: z
    .number({ error: none('maxItems.type') })
    .int({ error: none('maxItems.notInteger') })
    .min(ITEMS.min, { error: itemsRange })
    .max(ITEMS.max, { error: itemsRange }),
  maxAgeDays: z
    .number({ error: none('maxAgeDays.type') })
    .int({ error: none('maxAgeDays.notInteger') })
    .min(DAYS.min, { error: daysRange })
    .max(DAYS.max, { error: daysRange }),
});

const reminderRange = refuse({ code: 'reminderMinutes.range', params: REMINDER_LIMITS });
const reminderMinutes = z
  .number({ error: none('reminderMinutes.type') })
  .int({ error: none('reminderMinutes.notInteger') })
  .min(REMINDER_LIMITS.min, { error: reminderRange })
  .max(REMINDER_LIMITS.max, { error: reminderRange });

const unknownSetting = none('setting.unknown');
const toggle = () => z.boolean({ error: none('toggle.type') });

/**
 * A part of a settings update that refuses keys it does not know, like the update itself: a
 * typo, or a `__proto__` / `constructor` from a hostile page, is an error rather than dropped.
 */
function strictPart<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? unknownSetting
        : issue.code === 'invalid_type'
          ? none('settings.type')
          : undefined,
  });
}

const language = z.enum(LANGUAGES, {
  error: refuse({ code: 'language.invalid', params: { choices: LANGUAGES.join(', ') } }),
});

export const settingsUpdateSchema = z.strictObject(
  {
    account: strictPart(accountSchema.shape).optional(),
    password: z
      .string({ error: none('password.type') })
      .min(1, { error: none('password.empty') })
      .max(1024, { error: none('password.tooLong') })
      .optional(),
    notifications: strictPart({
      urgentBreaksDnd: toggle().optional(),
      hideContent: toggle().optional(),
      reminderMinutes: reminderMinutes.optional(),
    }).optional(),
    startAtLogin: toggle().optional(),
    language: language.optional(),
    retention: strictPart(retentionSchema.shape).optional(),
  },
  { error: unknownSetting },
);

/** Checks a change from the Settings window; `errors` name the field the form shows them at. */
export function validateSettingsUpdate(
  input: unknown,
): { ok: true; update: SettingsUpdate } | { ok: false; errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', code: 'settings.type', params: {} }] };
  }
  const result = settingsUpdateSchema.safeParse(input);
  if (result.success) return { ok: true, update: result.data };
  return { ok: false, errors: toFieldErrors(result.error) };
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...issue.path, ...keys.slice(0, 1)].map(String).join('.');
    // A check without a code of ours (zod's own wording) still reaches the form, in English.
    const problem = PROBLEMS.get(issue.message) ?? {
      code: 'invalid',
      params: { detail: issue.message },
    };
    return { field, ...problem };
  });
}

// ---- reading what is on disk ----

/** Each field falls back to its default on its own, so one bad value costs nothing else. */
function storedSchema(defaults: StoredSettings) {
  const { notifications, retention } = defaults;
  return z.object({
    account: accountSchema.or(z.object({ jid: z.literal('') }).transform(() => defaults.account)),
    notifications: z
      .object({
        dndUntil: z.number().int().nonnegative().nullable().catch(notifications.dndUntil),
        urgentBreaksDnd: z.boolean().catch(notifications.urgentBreaksDnd),
        hideContent: z.boolean().catch(notifications.hideContent),
        reminderMinutes: reminderMinutes.catch(notifications.reminderMinutes),
      })
      .catch(notifications),
    startAtLogin: z.boolean().catch(defaults.startAtLogin),
    language: language.catch(defaults.language),
    retention: z
      .object({
        maxItems: retentionSchema.shape.maxItems.catch(retention.maxItems),
        maxAgeDays: retentionSchema.shape.maxAgeDays.catch(retention.maxAgeDays),
      })
      .catch(retention),
  });
}

/**
 * Turns whatever the file holds into valid settings: migrated, then field by field, with
 * defaults for what is missing or invalid. `problems` lists what was dropped (for the log).
 */
export function readStoredSettings(raw: unknown): { settings: StoredSettings; problems: string[] } {
  const defaults = defaultSettings();
  const problems: string[] = [];
  const migrated = migrateSettings(isRecord(raw) ? raw : {});
  const record = migrated.data;
  problems.push(...migrated.problems);
  const schema = storedSchema(defaults);
  const settings = { ...defaults };
  for (const key of Object.keys(defaults) as Array<keyof StoredSettings>) {
    if (!(key in record)) continue;
    const field = schema.shape[key].safeParse(record[key]);
    if (!field.success) {
      problems.push(`settings.${key} was invalid and is back to its default`);
      continue;
    }
    if (!isDeepStrictEqual(field.data, record[key])) {
      problems.push(`settings.${key} had invalid values that are back to their defaults`);
    }
    Object.assign(settings, { [key]: field.data });
  }
  return { settings, problems };
}

// ---- migrations ----

type RawSettings = Record<string, unknown>;

/**
 * `MIGRATIONS[n]` turns a version n-1 file into version n. Version 0 is a file without
 * `schemaVersion` (the pre-release layout, which named the server as a service URL and took a
 * single system JID); version 1 kept retention age in milliseconds and the short `zh` locale;
 * version 2 had no CA file.
 */
export const MIGRATIONS: Record<number, (data: RawSettings) => RawSettings> = {
  1: (data) => {
    const account = isRecord(data.account) ? { ...data.account } : undefined;
    if (!account) return data;
    if (typeof account.service === 'string') {
      Object.assign(account, serviceToAccountFields(account.service));
      delete account.service;
    }
    if (typeof account.systemJid === 'string') {
      account.systemJids = account.systemJid.trim() === '' ? [] : [account.systemJid.trim()];
      delete account.systemJid;
    }
    return { ...data, account };
  },
  2: (data) => {
    const next = { ...data };
    if (isRecord(data.retention) && typeof data.retention.maxAgeMs === 'number') {
      const { maxAgeMs, ...rest } = data.retention;
      next.retention = { ...rest, maxAgeDays: Math.max(1, Math.round(maxAgeMs / 86_400_000)) };
    }
    if (data.language === 'zh' || data.language === 'zh_CN') next.language = 'zh-CN';
    return next;
  },
  3: (data) =>
    isRecord(data.account) ? { ...data, account: { caFile: null, ...data.account } } : data,
};

export function migrateSettings(data: RawSettings): {
  data: RawSettings;
  version: number;
  problems: string[];
} {
  const stored = data.schemaVersion;
  const from = typeof stored === 'number' && Number.isInteger(stored) && stored >= 0 ? stored : 0;
  const problems: string[] = [];
  if (from > SETTINGS_VERSION) {
    problems.push(`settings file is version ${from}, newer than this app (${SETTINGS_VERSION})`);
    return { data, version: from, problems };
  }
  let current = data;
  for (let version = from + 1; version <= SETTINGS_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (step) current = step(current);
  }
  return {
    data: { ...current, schemaVersion: SETTINGS_VERSION },
    version: SETTINGS_VERSION,
    problems,
  };
}

function serviceToAccountFields(service: string): Partial<AccountSettings> {
  const match = /^(xmpps?):\/\/([^/:]+)(?::(\d+))?\/?$/.exec(service.trim());
  if (!match) return {};
  const [, scheme, host, port] = match;
  return {
    tlsMode: scheme === 'xmpps' ? 'direct-tls' : 'starttls',
    host: host ?? '',
    port: port ? Number(port) : null,
  };
}

function isRecord(value: unknown): value is RawSettings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
