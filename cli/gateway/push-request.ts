/**
 * The body of POST /v1/push: a JSON schema for its shape (checked by fastify's validator before
 * the handler runs) and the push codec's own rules for the content, the same ones
 * `herald send` applies. Both name the failing field.
 */
import { createHash } from 'node:crypto';
import { validatePushDraft } from '../../core/push-codec.ts';
import { PUSH_KINDS, PUSH_PRIORITIES, type PushDraft } from '../../core/push.ts';
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

export function pushBodySchema(maxRecipients: number) {
  const text = { type: 'string' } as const;
  return {
    type: 'object',
    required: ['to', 'title', 'body'],
    additionalProperties: false,
    properties: {
      to: {
        anyOf: [text, { type: 'array', items: text, minItems: 1, maxItems: maxRecipients }],
      },
      title: text,
      body: text,
      kind: { type: 'string', enum: [...PUSH_KINDS] },
      priority: { type: 'string', enum: [...PUSH_PRIORITIES] },
      url: text,
      urlLabel: text,
      due: text,
      category: text,
      id: text,
    },
  } as const;
}

/** The body has passed the schema; now the rules the schema cannot say. */
export function readPushRequest(body: Record<string, unknown>): PushRequestResult {
  const { to, ...fields } = body;
  const recipients: string[] = [];
  for (const [index, address] of (Array.isArray(to) ? to : [to]).entries()) {
    const jid =
      typeof address === 'string' && isUserJid(address) ? normalizeBareJid(address) : null;
    const field = Array.isArray(to) ? `to[${index}]` : 'to';
    if (!jid) return { ok: false, field, message: 'must be a bare JID like user@example.com' };
    if (!recipients.includes(jid)) recipients.push(jid);
  }
  const validation = validatePushDraft(fields);
  if (!validation.ok) return validation;
  const { id, ...content } = validation.draft;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([content, [...recipients].sort()]))
    .digest('base64url');
  return { ok: true, request: { draft: { ...validation.draft, id }, recipients, fingerprint } };
}
