/**
 * The body of POST /v1/push: the push draft's zod schema (core/push-draft.ts) plus `to`. The
 * JSON Schema fastify validates with is generated from the same schema, and the answer comes
 * from zod, so a bad field gets the words `herald send` would use for it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { draftObject, firstProblem, toPushDraft } from '../../core/push-draft.ts';
import type { PushDraft } from '../../core/push.ts';
import { isUserJid, normalizeBareJid } from '../../core/jid.ts';

export interface PushRequest {
  draft: PushDraft;
  /** Lower-case bare JIDs, each once, in the order given. */
  recipients: string[];
  /** Same content and recipients ⇔ same fingerprint: tells a retry from a reused id. */
  fingerprint: string;
}

export type PushRequestResult =
  { ok: true; request: PushRequest } | { ok: false; field: string; message: string };

const JID_RULE = 'must be a bare JID like user@example.com';
// Only a refinement: a transform here would hide from zod's union which option nearly fit,
// and a bad address in a list would no longer be named ("to[1]").
const RECIPIENT = z.string().refine((address) => isUserJid(address), JID_RULE);

/** The body's schema: the recipients (a JID, or a list of 1 to `maxRecipients`) and a draft. */
export function pushRequestSchema(maxRecipients: number) {
  const list = `must be a bare JID like user@example.com, or a list of 1-${maxRecipients} of them`;
  const to = z.union([RECIPIENT, z.array(RECIPIENT).min(1, list).max(maxRecipients, list)], {
    error: list,
  });
  return draftObject({ to }).transform(({ to: recipients, ...fields }) => ({
    recipients: [
      ...new Set(
        (Array.isArray(recipients) ? recipients : [recipients]).map(
          (address) => normalizeBareJid(address) ?? address,
        ),
      ),
    ],
    draft: toPushDraft(fields),
  }));
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
  const { draft, recipients } = result.data;
  // Without the id, which a retry and a reused id share: the content tells them apart.
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([{ ...draft, id: undefined }, [...recipients].sort()]))
    .digest('base64url');
  return { ok: true, request: { draft, recipients, fingerprint } };
}
