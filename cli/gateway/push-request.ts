/**
 * The body of POST /v1/push: the push draft's zod schema (core/push-draft.ts) plus `to`. The
 * JSON Schema fastify validates with is generated from the same schema, and the answer comes
 * from zod, so a bad field gets the words `herald send` would use for it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  draftObject,
  firstProblem,
  PUSH_DRAFT_FIELDS,
  toPushDraft,
} from '../../core/push-draft.ts';
import type { PushDraft } from '../../core/push.ts';
import { isUserJid, normalizeBareJid } from '../../core/jid.ts';

export interface PushRequest {
  draft: PushDraft;
  /** Lower-case bare JIDs, each once, in the order given. */
  recipients: string[];
  /** Where the user's events are POSTed (callback-sender.ts), or null. */
  callbackUrl: string | null;
  /** Same content and recipients ⇔ same fingerprint: tells a retry from a reused id. */
  fingerprint: string;
}

export type PushRequestResult =
  { ok: true; request: PushRequest } | { ok: false; field: string; message: string };

const JID_RULE = 'must be a bare JID like user@example.com';
// Only a refinement: a transform here would hide from zod's union which option nearly fit,
// and a bad address in a list would no longer be named ("to[1]").
const RECIPIENT = z.string().refine((address) => isUserJid(address), JID_RULE);

const CALLBACK_RULE = 'must be an http(s) URL';
const CALLBACK_URL = z.string({ error: CALLBACK_RULE }).refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, CALLBACK_RULE);

/** The body's schema: the recipients (a JID, or a list of 1 to `maxRecipients`) and a draft. */
export function pushRequestSchema(maxRecipients: number) {
  const list = `must be a bare JID like user@example.com, or a list of 1-${maxRecipients} of them`;
  const to = z.union([RECIPIENT, z.array(RECIPIENT).min(1, list).max(maxRecipients, list)], {
    error: list,
  });
  return draftObject({ to, callbackUrl: CALLBACK_URL.optional() }).transform(
    ({ to: recipients, callbackUrl, ...fields }) => ({
      recipients: [
        ...new Set(
          (Array.isArray(recipients) ? recipients : [recipients]).map(
            (address) => normalizeBareJid(address) ?? address,
          ),
        ),
      ],
      callbackUrl: callbackUrl ?? null,
      draft: toPushDraft(fields),
    }),
  );
}

/** For fastify's validator: ajv's default draft is 7, and only the input's shape is expressible. */
export function pushBodyJsonSchema(schema: ReturnType<typeof pushRequestSchema>) {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input' });
}

export function readPushRequest(
  schema: ReturnType<typeof pushRequestSchema>,
  body: unknown,
): PushRequestResult {
  const result = schema.safeParse(body);
  if (!result.success) return { ok: false, ...firstProblem(result.error) };
  const { draft, recipients, callbackUrl } = result.data;
  // Without the id, which a retry and a reused id share: the content tells them apart.
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([{ ...draft, id: undefined }, [...recipients].sort(), callbackUrl]))
    .digest('base64url');
  return { ok: true, request: { draft, recipients, callbackUrl, fingerprint } };
}

const F = PUSH_DRAFT_FIELDS;

/**
 * The body of PATCH /v1/push/:id: the fields a sender may change, each with the draft's
 * rules; `null` clears an optional one. The push's id, kind and recipients stay.
 */
export const PUSH_PATCH = z.strictObject(
  {
    title: F.title.optional(),
    body: F.body.optional(),
    priority: F.priority,
    due: F.due.nullable(),
    url: F.url.nullable(),
    urlLabel: F.urlLabel.nullable(),
    category: F.category.nullable(),
    expires: F.expires.nullable(),
    ackRequired: F.ackRequired,
    actions: F.actions,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? 'unknown field' : 'expected a JSON object',
  },
);
export type PushPatch = z.output<typeof PUSH_PATCH>;

/** The snapshot with `patch` applied (without a new rev), or the field that cannot be. */
export function applyPatch(
  draft: PushDraft,
  body: unknown,
): { ok: true; draft: PushDraft } | { ok: false; field: string; message: string } {
  const result = PUSH_PATCH.safeParse(body);
  if (!result.success) return { ok: false, ...firstProblem(result.error) };
  const patch = result.data;
  const next: PushDraft = { ...draft };
  for (const key of ['title', 'body', 'priority', 'due', 'url', 'expires', 'ackRequired'] as const)
    if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] });
  // An empty label or category means none, as in a first send (toPushDraft).
  if (patch.urlLabel !== undefined) next.urlLabel = patch.urlLabel || null;
  // Without its link a label means nothing: removing the url removes it too.
  else if (patch.url === null) next.urlLabel = null;
  if (patch.category !== undefined) next.category = patch.category || null;
  if (patch.actions !== undefined)
    next.actions = toPushDraft({ title: '', body: '', actions: patch.actions }).actions;
  if (next.urlLabel && !next.url) return { ok: false, field: 'urlLabel', message: 'needs a url' };
  return { ok: true, draft: next };
}
