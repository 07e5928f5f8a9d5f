/**
 * What a sender may put in a push: one zod schema for `herald send`, the gateway's JSON body
 * (whose JSON Schema for fastify is generated from it) and any other caller, so every path
 * refuses the same draft with the same field and message. The receiving side does not use
 * it: parsePushMessage cuts hostile text down to size instead of refusing it.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ACTION_STYLES,
  MAX_ACTIONS,
  PUSH_KINDS,
  PUSH_PRIORITIES,
  type PushAction,
  type PushDraft,
} from './push.ts';
import { cleanText, isValidId, parseSafeLink, PUSH_LIMITS, toIsoString } from './push-codec.ts';

export type DraftValidation =
  { ok: true; draft: PushDraft } | { ok: false; field: string; message: string };

/** A string that `read` turns into its value or refuses (null) with `rule`. */
function readString<T>(read: (value: string) => T | null, rule: string, missing = rule) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? missing : rule) })
    .transform((value, ctx) => {
      const result = read(value);
      if (result !== null) return result;
      ctx.issues.push({ code: 'custom', message: rule, input: value });
      return z.NEVER;
    });
}

/** Cleaned text (cleanText), at most the field's limit once cleaned. */
function text(name: keyof typeof PUSH_LIMITS, singleLine: boolean, missing?: string) {
  const limit = PUSH_LIMITS[name];
  return readString(
    (value) => {
      const clean = cleanText(value, singleLine);
      return clean.length <= limit ? clean : null;
    },
    `must be a string of at most ${limit} characters`,
    missing,
  );
}

function choice<const T extends readonly string[]>(list: T) {
  return z.enum(list, { error: `must be one of ${list.join(', ')}` }).optional();
}

const TITLE_REQUIRED = 'is required and must not be blank';
const ISO_DATE_RULE = 'must be an ISO 8601 date such as 2026-12-01T10:00:00Z';

/** A button: its id comes back in the user's `action` event. */
const ACTION = z.strictObject(
  {
    id: readString(
      (value) => (isValidId(value) && value.length <= PUSH_LIMITS.actionId ? value : null),
      `must be 1-${PUSH_LIMITS.actionId} printable characters`,
    ),
    label: text('actionLabel', true, 'is required and must be a string').refine(
      (label) => label !== '',
      'is required and must not be blank',
    ),
    style: choice(ACTION_STYLES),
    confirm: text('actionConfirm', true).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? 'unknown field' : 'expected a JSON object',
  },
);

const ACTIONS = z
  .array(ACTION, { error: 'must be a list' })
  .max(MAX_ACTIONS, `must have at most ${MAX_ACTIONS} actions`)
  .refine(
    (actions) => new Set(actions.map((action) => action.id)).size === actions.length,
    'must not use an action id twice',
  )
  .optional();

/** Every field of a draft, in the order their problems are reported. */
export const PUSH_DRAFT_FIELDS = {
  title: text('title', true, TITLE_REQUIRED).refine((title) => title !== '', TITLE_REQUIRED),
  body: text('body', false, 'is required and must be a string'),
  url: readString(parseSafeLink, 'must be an http(s) URL without user or password').optional(),
  urlLabel: text('urlLabel', true).optional(),
  id: readString(
    (value) => (isValidId(value) ? value : null),
    `must be 1-${PUSH_LIMITS.id} printable characters`,
  ).optional(),
  kind: choice(PUSH_KINDS),
  priority: choice(PUSH_PRIORITIES),
  due: readString(toIsoString, ISO_DATE_RULE).optional(),
  category: text('category', true).optional(),
  expires: readString(toIsoString, ISO_DATE_RULE).optional(),
  ackRequired: z.boolean({ error: 'must be true or false' }).optional(),
  actions: ACTIONS,
};

/**
 * The draft's fields, plus `extra` ones (the gateway's `to`) first, as a JSON object.
 * Unknown fields are refused so that a typo ("priorty") is an error, not a lost value.
 */
export function draftObject<const Extra extends z.ZodRawShape>(extra: Extra) {
  return z
    .strictObject(
      { ...extra, ...PUSH_DRAFT_FIELDS },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys' ? 'unknown field' : 'expected a JSON object',
      },
    )
    .superRefine((fields: { url?: unknown; urlLabel?: unknown }, ctx) => {
      if (fields.urlLabel && fields.url === undefined)
        ctx.addIssue({ code: 'custom', path: ['urlLabel'], message: 'needs a url' });
    });
}

type DraftFields = z.output<z.ZodObject<typeof PUSH_DRAFT_FIELDS>>;

/** The draft a sender meant: defaults filled in, a new id unless it brought one. */
export function toPushDraft(fields: DraftFields): PushDraft {
  return {
    id: fields.id ?? randomUUID(),
    kind: fields.kind ?? 'notice',
    priority: fields.priority ?? 'normal',
    title: fields.title,
    body: fields.body,
    url: fields.url ?? null,
    urlLabel: fields.urlLabel || null,
    due: fields.due ?? null,
    category: fields.category || null,
    expires: fields.expires ?? null,
    ackRequired: fields.ackRequired ?? false,
    actions: (fields.actions ?? []).map((action): PushAction => ({
      id: action.id,
      label: action.label,
      style: action.style ?? null,
      confirm: action.confirm || null,
    })),
  };
}

export const PUSH_DRAFT = draftObject({}).transform(toPushDraft);

/** The first problem zod found, as the field it names ("to[1]", "$" for the whole input). */
export function firstProblem(error: z.ZodError): { field: string; message: string } {
  // An unknown field first: a misspelt "tittle" explains the missing title it causes.
  const issue = error.issues.find((each) => each.code === 'unrecognized_keys') ?? error.issues[0];
  if (!issue) return { field: '$', message: 'is invalid' };
  if (issue.code === 'unrecognized_keys')
    return { field: issue.keys[0] ?? '$', message: issue.message };
  const [head, ...rest] = issue.path.map(String);
  const field = head === undefined ? '$' : `${head}${rest.map((part) => `[${part}]`).join('')}`;
  return { field, message: issue.message };
}

/** Checks a draft from the CLI or the HTTP gateway; fills defaults; errors name the field. */
export function validatePushDraft(input: unknown): DraftValidation {
  const result = PUSH_DRAFT.safeParse(input);
  return result.success
    ? { ok: true, draft: result.data }
    : { ok: false, ...firstProblem(result.error) };
}
