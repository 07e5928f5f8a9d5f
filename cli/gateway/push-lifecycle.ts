/**
 * A push's life after it is sent: PATCH /v1/push/:id (an update), POST …/complete (done) and
 * DELETE (retracted). Each makes a new revision of the whole snapshot, rev + 1, sends it to
 * every recipient (docs/wire-format.md) and answers once the XMPP server acked it. A retry
 * of a request whose revision is already acked answers the same without sending again; one
 * whose revision was not acked sends that same revision again. A retraction is final.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PushDraft, PushState } from '../../core/push.ts';
import type { GatewayStore, PushRecord } from './gateway-store.ts';
import type { PushRelay } from './push-relay.ts';
import { applyPatch } from './push-request.ts';
import { invalid, sendError, unavailable } from './http-errors.ts';

export interface LifecycleOptions {
  store: GatewayStore;
  relay: PushRelay;
  /** Resolves (or rejects) when a POST of this id still in flight is over. */
  firstSend(id: string): Promise<unknown> | undefined;
}

type Change = { ok: true; draft: PushDraft } | { ok: false; field: string; message: string };

export function registerLifecycleRoutes(app: FastifyInstance, options: LifecycleOptions): void {
  const { store, relay } = options;
  // One revision at a time per push: each is built on the one before.
  const queues = new Map<string, Promise<unknown>>();

  app.patch<{ Params: { id: string }; Body: unknown }>('/v1/push/:id', (request, reply) =>
    revise(request.params.id, reply, 'update', (draft) => applyPatch(draft, request.body)),
  );
  app.post<{ Params: { id: string } }>('/v1/push/:id/complete', (request, reply) =>
    revise(request.params.id, reply, 'complete', (draft) => withState(draft, 'done')),
  );
  app.delete<{ Params: { id: string } }>('/v1/push/:id', (request, reply) =>
    revise(request.params.id, reply, 'retract', (draft) => withState(draft, 'retracted')),
  );

  function revise(
    id: string,
    reply: FastifyReply,
    what: 'update' | 'complete' | 'retract',
    change: (draft: PushDraft) => Change,
  ): Promise<unknown> {
    const previous = queues.get(id) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() => options.firstSend(id)?.catch(() => undefined))
      .then(() => reviseNow(id, reply, what, change));
    queues.set(id, run);
    void run.finally(() => {
      if (queues.get(id) === run) queues.delete(id);
    });
    return run;
  }

  async function reviseNow(
    id: string,
    reply: FastifyReply,
    what: 'update' | 'complete' | 'retract',
    change: (draft: PushDraft) => Change,
  ): Promise<unknown> {
    const record = store.get(id);
    if (!record || record.sentRev < 0)
      return sendError(reply, 404, 'not_found', 'no push with this id is known here');
    const current = record.draft;
    if (current.state === 'retracted' && what !== 'retract')
      return sendError(reply, 409, 'retracted', 'this push was retracted; a retraction is final');
    const next = change(current);
    if (!next.ok) return invalid(reply, next.field, next.message);
    let draft = current;
    if (sameSnapshot(next.draft, current)) {
      if (record.sentRev >= current.rev) return answer(record, current);
    } else {
      draft = { ...next.draft, rev: current.rev + 1 };
      store.saveRevision(id, draft);
    }
    try {
      await relay.deliver(
        draft,
        record.recipients.map((r) => r.jid),
      );
    } catch (error) {
      return unavailable(reply, error, id);
    }
    store.markSent(id, draft.rev);
    reply.log.info(
      { pushId: id, rev: draft.rev, state: draft.state ?? 'open', change: what },
      'push revised',
    );
    return answer(record, draft);
  }
}

function withState(draft: PushDraft, state: PushState): Change {
  return { ok: true, draft: { ...draft, state } };
}

function answer(record: PushRecord, draft: PushDraft & { rev: number }) {
  return {
    id: record.id,
    rev: draft.rev,
    state: draft.state ?? 'open',
    recipients: record.recipients.map((r) => r.jid),
  };
}

/** Same content, whatever the revision: a retry, not a change. */
function sameSnapshot(a: PushDraft, b: PushDraft): boolean {
  const canonical = (draft: PushDraft) =>
    JSON.stringify(
      Object.entries({ ...draft, rev: 0, state: draft.state ?? 'open' })
        .filter(([, value]) => value !== undefined)
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    );
  return canonical(a) === canonical(b);
}
