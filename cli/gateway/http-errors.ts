/** Every gateway error is `{ error, message, field? }` with the matching status code. */
import type { FastifyReply } from 'fastify';
import { RelayUnavailableError } from './push-relay.ts';

export function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  extra: { field?: string } = {},
): FastifyReply {
  return reply.code(status).send({ error, message, ...extra });
}

export function invalid(reply: FastifyReply, field: string, message: string): FastifyReply {
  return sendError(reply, 400, 'invalid_request', `${field} ${message}`, { field });
}

/** The XMPP server did not take it: 503 with Retry-After; anything else is rethrown. */
export function unavailable(reply: FastifyReply, error: unknown, pushId: string): FastifyReply {
  if (!(error instanceof RelayUnavailableError)) throw error;
  reply.log.warn({ pushId, reason: error.message }, 'push refused');
  void reply.header('retry-after', String(error.retryAfterSeconds));
  return sendError(reply, 503, 'xmpp_unavailable', error.message);
}
