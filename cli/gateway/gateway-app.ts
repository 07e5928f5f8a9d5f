/**
 * The gateway's HTTP API on fastify: bearer tokens, a per-token rate limit, a body limit, a
 * schema for the JSON body, idempotency by push id, and an answer only once the XMPP server
 * has the push. Every error is `{ error, message, field? }` with the matching status code.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { DestinationStream } from 'pino';
import type { GatewayLimits } from './gateway-config.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { GatewayStore, type PushRecord } from './gateway-store.ts';
import type { PushRelay } from './push-relay.ts';
import { CallbackSender } from './callback-sender.ts';
import { invalid, sendError, unavailable } from './http-errors.ts';
import { PushEvents } from './push-events.ts';
import { registerLifecycleRoutes } from './push-lifecycle.ts';
import { describePush } from './push-status.ts';
import {
  pushBodyJsonSchema,
  pushRequestSchema,
  readPushRequest,
  type PushRequest,
} from './push-request.ts';
import { TokenVerifier, type ApiToken } from './token-auth.ts';

export interface GatewayAppOptions {
  relay: PushRelay;
  /**
   * Survives restarts: the pushes, what came back, the callbacks still owed. Without one,
   * an in-memory store that ends with the app.
   */
  store?: GatewayStore;
  tokens: readonly ApiToken[];
  limits: GatewayLimits;
  /** Structured JSON logs go here (stdout in production). */
  logStream?: DestinationStream;
  logLevel?: string;
  clock?: Clock;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Name of the API token the request presented, once verified. */
    tokenName: string | null;
  }
}

interface PushResponse {
  id: string;
  recipients: string[];
}

export async function buildGatewayApp(options: GatewayAppOptions): Promise<FastifyInstance> {
  const { relay, limits } = options;
  const clock = options.clock ?? systemClock;
  const store =
    options.store ??
    new GatewayStore(':memory:', {
      ttlMs: limits.deliveryTtlMs,
      maxEntries: limits.deliveryMaxEntries,
      clock,
    });
  const verifier = new TokenVerifier(options.tokens);
  const callbackSecrets = new Map(
    options.tokens.flatMap((t) => (t.callbackSecret ? [[t.name, t.callbackSecret]] : [])),
  );
  const inFlight = new Map<string, Promise<PushResponse>>();

  const app = Fastify({
    bodyLimit: limits.bodyLimitBytes,
    logger: {
      level: options.logLevel ?? 'info',
      stream: options.logStream,
      redact: ['req.headers.authorization'],
    },
    // Strict: no type coercion, no silently dropped fields. A typo must be an error.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
  });
  app.decorateRequest('tokenName', null);
  // fastify also parses text/plain by default; this API takes JSON only (415 otherwise).
  app.removeContentTypeParser('text/plain');
  // JSON is UTF-8 (RFC 8259 §8.1). fastify's own parser decodes every body as UTF-8 whatever
  // its charset says, so "Café" sent as Latin-1 would be pushed as "Caf\uFFFD" without a word:
  // refuse another charset (415) and bytes that are not UTF-8 (400) instead.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request, body: Buffer, done) => {
      const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1];
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
        return done(codedError('HERALD_UNSUPPORTED_CHARSET', 415), undefined);
      }
      let text: string;
      try {
        text = UTF8.decode(body);
      } catch {
        return done(codedError('HERALD_INVALID_UTF8', 400), undefined);
      }
      parseJson(request, text, done);
    },
  );

  // While shutting down, answer in-flight requests with "Connection: close": a kept-alive
  // socket would otherwise hold close() open until its keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  const callbacks = new CallbackSender({
    store,
    secretFor: (tokenName) => callbackSecrets.get(tokenName),
    retryBaseMs: limits.callbackRetryBaseMs,
    retryMaxMs: limits.callbackRetryMaxMs,
    log: app.log,
    clock,
  });
  const events = new PushEvents({
    store,
    log: app.log,
    now: () => clock.now(),
    callbackQueued: () => callbacks.wake(),
  });
  const onReport = events.report.bind(events);
  const onUserEvent = events.userEvent.bind(events);
  relay.on('report', onReport);
  relay.on('userEvent', onUserEvent);
  // What a previous run still owed.
  app.addHook('onReady', async () => callbacks.wake());
  app.addHook('onClose', async () => {
    relay.off('report', onReport);
    relay.off('userEvent', onUserEvent);
    await callbacks.stop();
    if (!options.store) store.close();
  });

  await app.register(rateLimit, {
    // Not per route: one app-wide hook, added below before the 401, so that requests with
    // bad tokens are counted too.
    global: false,
    max: limits.rateLimitMax,
    timeWindow: limits.rateLimitWindowMs,
    // Per token (verified once, in the hook below); requests without a valid token share
    // their client address's allowance, so guessing tokens at volume is throttled too.
    keyGenerator: (request) =>
      request.tokenName === null ? `address:${request.ip}` : `token:${request.tokenName}`,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `too many requests; retry in ${context.after}`,
    }),
  });

  const limitRate = app.rateLimit();
  app.addHook('onRequest', async (request, reply) => {
    // Health checks come from the load balancer, often and without a token.
    if (request.url === '/healthz') return;
    request.tokenName = verifier.verify(request.headers.authorization);
    await limitRate.call(app, request, reply);
    if (reply.sent) return reply;
    if (request.tokenName === null) {
      void reply.header('www-authenticate', 'Bearer realm="herald"');
      return sendError(
        reply,
        401,
        'unauthorized',
        'send a valid "Authorization: Bearer TOKEN" header',
      );
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Only if ajv refuses what zod took (see /v1/push): its own words, without a field.
    if (error.validation) return sendError(reply, 400, 'invalid_request', error.message);
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(
          reply,
          413,
          'too_large',
          `the body is over ${limits.bodyLimitBytes} bytes`,
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'HERALD_UNSUPPORTED_CHARSET':
        return sendError(
          reply,
          415,
          'unsupported_media_type',
          'send Content-Type: application/json (UTF-8)',
        );
      case 'HERALD_INVALID_UTF8':
        return sendError(reply, 400, 'invalid_json', 'the body is not valid UTF-8');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, 400, 'invalid_json', 'the body is not valid JSON');
    }
    if (error.statusCode === 429) return sendError(reply, 429, 'rate_limited', error.message);
    if (error.statusCode !== undefined && error.statusCode < 500)
      return sendError(reply, error.statusCode, 'bad_request', error.message);
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, 500, 'internal', 'unexpected error; see the gateway log');
  });

  const requestSchema = pushRequestSchema(limits.maxRecipients);
  app.post<{ Body: unknown }>(
    '/v1/push',
    // ajv checks the generated JSON Schema; zod, which knows every rule, gives the answer.
    { schema: { body: pushBodyJsonSchema(requestSchema) }, attachValidation: true },
    async (request, reply) => {
      const parsed = readPushRequest(requestSchema, request.body);
      if (!parsed.ok) return invalid(reply, parsed.field, parsed.message);
      // Cannot happen while the JSON Schema is generated from the zod one; fail safe if it does.
      if (request.validationError) throw request.validationError;
      const push = parsed.request;
      if (push.callbackUrl !== null && !callbackSecrets.has(request.tokenName ?? ''))
        return invalid(reply, 'callbackUrl', 'needs a token with a "callbackSecret" in --config');
      const known = store.get(push.draft.id);
      if (known && known.fingerprint !== push.fingerprint) {
        return sendError(reply, 409, 'id_conflict', 'this id was already used for another push', {
          field: 'id',
        });
      }
      // Already acknowledged: answer as the first time, without sending again.
      if (known && known.sentRev >= 0 && !inFlight.has(push.draft.id)) return answer(known);
      try {
        return await deliverOnce(push, request.tokenName);
      } catch (error) {
        return unavailable(reply, error, push.draft.id);
      }
    },
  );

  app.get<{ Params: { id: string } }>('/v1/push/:id', async (request, reply) => {
    const record = store.get(request.params.id);
    if (!record) return sendError(reply, 404, 'not_found', 'no push with this id is known here');
    return describePush(record);
  });

  registerLifecycleRoutes(app, { store, relay, firstSend: (id) => inFlight.get(id) });

  app.get('/healthz', async (_request, reply) => {
    const availability = relay.availability();
    if (availability.online) return { status: 'ok', xmpp: 'online' };
    void reply.header('retry-after', String(availability.retryAfterSeconds));
    return reply.code(503).send({
      status: 'unavailable',
      xmpp: relay.session.status.state,
      reason: availability.reason,
    });
  });

  /** Concurrent requests with one id share one delivery. */
  function deliverOnce(push: PushRequest, tokenName: string | null): Promise<PushResponse> {
    const running = inFlight.get(push.draft.id);
    if (running) return running;
    store.begin({
      id: push.draft.id,
      fingerprint: push.fingerprint,
      tokenName,
      callbackUrl: push.callbackUrl,
      draft: push.draft,
      recipients: push.recipients,
    });
    const delivery = relay.deliver(push.draft, push.recipients).then(() => {
      store.markSent(push.draft.id, 0);
      app.log.info(
        { pushId: push.draft.id, recipients: push.recipients.length, token: tokenName },
        'push sent',
      );
      return { id: push.draft.id, recipients: push.recipients };
    });
    inFlight.set(push.draft.id, delivery);
    void delivery.then(
      () => inFlight.delete(push.draft.id),
      () => {
        inFlight.delete(push.draft.id);
        store.abandon(push.draft.id);
      },
    );
    return delivery;
  }

  return app;
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function codedError(code: string, statusCode: number): Error {
  return Object.assign(new Error(code), { code, statusCode });
}

function answer(record: PushRecord): PushResponse {
  return { id: record.id, recipients: record.recipients.map((r) => r.jid) };
}
