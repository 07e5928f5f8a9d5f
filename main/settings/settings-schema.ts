/**
 * The settings file's shape, its defaults, the checks a change from the Settings window must
 * pass (with messages the form shows next to the field), and our own versioned migrations
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

export const RETENTION_LIMITS = {
  maxItems: { min: 100, max: 100_000 },
  maxAgeDays: { min: 1, max: 3650 },
} as const;

export function defaultSettings(): StoredSettings {
  return {
    account: { jid: '', host: '', port: null, tlsMode: 'starttls', systemJids: [], caFile: null },
    notifications: { dndUntil: null, urgentBreaksDnd: true, hideContent: false },
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

const bareJid = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `Enter ${what}, like user@example.com` })
    .max(1023, { error: `${what} is too long` })
    .refine((jid) => isUserJid(jid), {
      error: `${what} must look like user@example.com (no resource, no spaces)`,
    });

export const accountSchema = z.object({
  jid: bareJid('your JID'),
  host: z
    .string({ error: 'The server must be text' })
    .trim()
    .max(253, { error: 'The server name is too long' })
    .refine((host) => host === '' || HOST.test(host), {
      error: 'The server must be a host name like xmpp.example.com, or empty',
    }),
  port: z
    .number({ error: 'The port must be a number' })
    .int({ error: 'The port must be a whole number' })
    .min(1, { error: 'The port must be between 1 and 65535' })
    .max(65_535, { error: 'The port must be between 1 and 65535' })
    .nullable(),
  tlsMode: z.enum(TLS_MODES, { error: `The security mode must be one of ${TLS_MODES.join(', ')}` }),
  systemJids: z
    .array(bareJid('a system JID'), { error: 'The system JIDs must be a list' })
    .min(1, { error: 'Enter at least one system JID (the account that sends the pushes)' })
    .max(50, { error: 'At most 50 system JIDs' }),
  // Only the path is checked here; whether it is a PEM certificate file is the handler's
  // check (it reads the file), so a test or save with a bad file answers a field error.
  caFile: z
    .string({ error: 'The CA certificate must be a file path' })
    // Not trimmed: a path is exact, and a file name may end in a space.
    .min(1, { error: 'Choose a CA certificate file, or clear it' })
    .max(4096, { error: 'The CA certificate path is too long' })
    .nullable()
    .default(null),
});

export const retentionSchema = z.object({
  maxItems: z
    .number({ error: 'Keep at most: must be a number' })
    .int({ error: 'Keep at most: must be a whole number' })
    .min(RETENTION_LIMITS.maxItems.min, {
      error: `Keep at most ${RETENTION_LIMITS.maxItems.min} to ${RETENTION_LIMITS.maxItems.max} items`,
    })
    .max(RETENTION_LIMITS.maxItems.max, {
      error: `Keep at most ${RETENTION_LIMITS.maxItems.min} to ${RETENTION_LIMITS.maxItems.max} items`,
    }),
  maxAgeDays: z
    .number({ error: 'Keep for: must be a number of days' })
    .int({ error: 'Keep for: must be a whole number of days' })
    .min(RETENTION_LIMITS.maxAgeDays.min, {
      error: `Keep items for ${RETENTION_LIMITS.maxAgeDays.min} to ${RETENTION_LIMITS.maxAgeDays.max} days`,
    })
    .max(RETENTION_LIMITS.maxAgeDays.max, {
      error: `Keep items for ${RETENTION_LIMITS.maxAgeDays.min} to ${RETENTION_LIMITS.maxAgeDays.max} days`,
    }),
});

/**
 * A part of a settings update that refuses keys it does not know, like the update itself: a
 * typo, or a `__proto__` / `constructor` from a hostile page, is an error rather than dropped.
 */
function strictPart<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? 'Unknown setting' : undefined),
  });
}

const language = z.enum(LANGUAGES, {
  error: `The language must be one of ${LANGUAGES.join(', ')}`,
});

export const settingsUpdateSchema = z.strictObject(
  {
    account: strictPart(accountSchema.shape).optional(),
    password: z
      .string({ error: 'The password must be text' })
      .min(1, { error: 'Enter the password (or leave it unchanged)' })
      .max(1024, { error: 'The password is too long' })
      .optional(),
    notifications: strictPart({
      urgentBreaksDnd: z.boolean({ error: 'Must be on or off' }).optional(),
      hideContent: z.boolean({ error: 'Must be on or off' }).optional(),
    }).optional(),
    startAtLogin: z.boolean({ error: 'Must be on or off' }).optional(),
    language: language.optional(),
    retention: strictPart(retentionSchema.shape).optional(),
  },
  { error: 'Unknown setting' },
);

/** Checks a change from the Settings window; `errors` name the field the form shows them at. */
export function validateSettingsUpdate(
  input: unknown,
): { ok: true; update: SettingsUpdate } | { ok: false; errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: 'Settings must be an object' }] };
  }
  const result = settingsUpdateSchema.safeParse(input);
  if (result.success) return { ok: true, update: result.data };
  return { ok: false, errors: toFieldErrors(result.error) };
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...issue.path, ...keys.slice(0, 1)].map(String).join('.');
    return { field, message: issue.message };
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
