/**
 * One push draft rule set, three ways in: the codec's validatePushDraft, the gateway's
 * POST /v1/push (fastify, ajv and all, without a server behind it) and `herald send`'s
 * argument parsing. The same bad draft must be refused by each with the same field and message.
 */
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { validatePushDraft } from '../core/push-draft.ts';
import { buildGatewayApp } from '../cli/gateway/gateway-app.ts';
import { DEFAULT_LIMITS } from '../cli/gateway/gateway-config.ts';
import type { PushRelay } from '../cli/gateway/push-relay.ts';
import { parseSendArguments } from '../cli/send.ts';
import { UsageError } from '../cli/options.ts';

const TOKEN = 'draft-validation-token-0123456789';
let app: FastifyInstance;

beforeAll(async () => {
  // Only the accepted draft reaches the relay, which takes it at once; nothing listens behind it.
  const relay = Object.assign(new EventEmitter(), {
    deliver: () => Promise.resolve(),
    availability: () => ({ online: true }),
  }) as unknown as PushRelay;
  app = await buildGatewayApp({
    relay,
    tokens: [{ name: 'test', secret: TOKEN }],
    limits: DEFAULT_LIMITS,
    logLevel: 'silent',
  });
});

afterAll(() => app.close());

type Problem = { field: string; message: string };

function viaCodec(draft: Record<string, unknown>): Problem | 'accepted' {
  const result = validatePushDraft(draft);
  return result.ok ? 'accepted' : { field: result.field, message: result.message };
}

async function viaGateway(draft: Record<string, unknown>): Promise<Problem | 'accepted'> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/push',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ to: 'alice@example.com', ...draft }),
  });
  if (response.statusCode === 200) return 'accepted';
  expect(response.statusCode).toBe(400);
  const { error, field, message } = response.json<{
    error: string;
    field: string;
    message: string;
  }>();
  expect(error).toBe('invalid_request');
  // The API says "title must be…": the field, then the same message.
  expect(message.startsWith(`${field} `)).toBe(true);
  return { field, message: message.slice(field.length + 1) };
}

async function viaSend(draft: Record<string, string>): Promise<Problem | 'accepted'> {
  const args = Object.entries(draft).flatMap(([name, value]) => [`--${name}`, value]);
  try {
    await parseSendArguments(
      ['--jid', 'notify@example.com', '--to', 'alice@example.com', ...args],
      async () => undefined,
    );
    return 'accepted';
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const match = /^--(\w+): (.*)$/.exec(error.message);
    return match
      ? { field: match[1]!, message: match[2]! }
      : { field: '?', message: error.message };
  }
}

const TEXT = (limit: number) => `must be a string of at most ${limit} characters`;
const URL_RULE = 'must be an http(s) URL without user or password';
const DUE_RULE = 'must be an ISO 8601 date such as 2026-12-01T10:00:00Z';
const ID_RULE = 'must be 1-200 printable characters';
const BARE_JID_RULE = 'must be a bare JID like user@example.com';
const RECIPIENTS_RULE = `${BARE_JID_RULE}, or a list of 1-100 of them`;
const ok = { title: 'Hello', body: 'World' };

describe('a bad draft gets the same answer from the codec, the gateway and herald send', () => {
  test.each([
    ['no title', { body: 'b' }, 'title', 'is required and must not be blank'],
    ['a blank title', { ...ok, title: ' \u202E\t' }, 'title', 'is required and must not be blank'],
    ['a 301-character title', { ...ok, title: 'T'.repeat(301) }, 'title', TEXT(300)],
    ['no body', { title: 't' }, 'body', 'is required and must be a string'],
    ['a 10,001-character body', { ...ok, body: 'b'.repeat(10_001) }, 'body', TEXT(10_000)],
    ['an unknown kind', { ...ok, kind: 'memo' }, 'kind', 'must be one of todo, news, notice'],
    [
      'an upper-case priority',
      { ...ok, priority: 'HIGH' },
      'priority',
      'must be one of low, normal, high, urgent',
    ],
    ['a javascript: link', { ...ok, url: ' JaVaScRiPt:alert(1)' }, 'url', URL_RULE],
    [
      'a link with credentials',
      { ...ok, url: 'https://user:pass@erp.example.com/' },
      'url',
      URL_RULE,
    ],
    ['a prose due date', { ...ok, due: 'next friday' }, 'due', DUE_RULE],
    ['an impossible due date', { ...ok, due: '2026-02-30T10:00:00Z' }, 'due', DUE_RULE],
    ['a 65-character category', { ...ok, category: 'c'.repeat(65) }, 'category', TEXT(64)],
    ['an id with a space', { ...ok, id: 'po 5521' }, 'id', ID_RULE],
    ['a 201-character id', { ...ok, id: 'i'.repeat(201) }, 'id', ID_RULE],
    [
      'two problems (the first field is named)',
      { ...ok, title: 'T'.repeat(301), kind: 'memo' },
      'title',
      TEXT(300),
    ],
  ])('%s', async (_name, draft: Record<string, string>, field, message) => {
    const expected = { field, message };
    expect(viaCodec(draft)).toEqual(expected);
    expect(await viaGateway(draft)).toEqual(expected);
    expect(await viaSend(draft)).toEqual(expected);
  });

  // JSON can say what a command line cannot: other types, null, unknown fields, urlLabel.
  test.each([
    ['a numeric title', { ...ok, title: 3 }, 'title', TEXT(300)],
    ['a null title', { ...ok, title: null }, 'title', TEXT(300)],
    ['an object body', { ...ok, body: { text: 'World' } }, 'body', TEXT(10_000)],
    ['a numeric kind', { ...ok, kind: 1 }, 'kind', 'must be one of todo, news, notice'],
    ['true for url', { ...ok, url: true }, 'url', URL_RULE],
    ['null for url', { ...ok, url: null }, 'url', URL_RULE],
    ['an epoch due date', { ...ok, due: 1764583200000 }, 'due', DUE_RULE],
    ['a numeric id', { ...ok, id: 5 }, 'id', ID_RULE],
    ['a label without a link', { ...ok, urlLabel: 'Open' }, 'urlLabel', 'needs a url'],
    [
      'a 101-character label',
      { ...ok, url: 'https://a.example', urlLabel: 'L'.repeat(101) },
      'urlLabel',
      TEXT(100),
    ],
    ['a misspelt field', { ...ok, priorty: 'high' }, 'priorty', 'unknown field'],
    ['a misspelt title', { tittle: 't', body: 'b' }, 'tittle', 'unknown field'],
  ])('%s (codec and gateway)', async (_name, draft: Record<string, unknown>, field, message) => {
    const expected = { field, message };
    expect(viaCodec(draft)).toEqual(expected);
    expect(await viaGateway(draft)).toEqual(expected);
  });

  test('a good draft passes all three', async () => {
    const draft = { ...ok, kind: 'todo', url: 'https://a.example', due: '2026-12-01', id: 'x-1' };
    expect(viaCodec(draft)).toBe('accepted');
    expect(await viaGateway(draft)).toBe('accepted');
    expect(await viaSend(draft)).toBe('accepted');
  });
});

describe('the gateway names what the draft schema does not have', () => {
  test.each([
    ['no to', {}, 'to', RECIPIENTS_RULE],
    ['a number for to', { to: 42 }, 'to', RECIPIENTS_RULE],
    ['an empty list', { to: [] }, 'to', RECIPIENTS_RULE],
    [
      '101 recipients',
      { to: Array.from({ length: 101 }, (_, i) => `u${i}@localhost`) },
      'to',
      RECIPIENTS_RULE,
    ],
    ['a full JID', { to: 'bob@localhost/phone' }, 'to', BARE_JID_RULE],
    ['a bad second recipient', { to: ['bob@localhost', 'not a jid'] }, 'to[1]', BARE_JID_RULE],
  ])('%s', async (_name, patch, field, message) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/push',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...ok, ...patch }),
    });
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 400,
      body: { error: 'invalid_request', field, message: `${field} ${message}` },
    });
  });
});

test('herald send takes bare JIDs only, as the gateway does', async () => {
  await expect(
    parseSendArguments(
      ['--jid', 'notify@example.com', '--to', 'bob@localhost/phone', '--title', 'T'],
      async () => 'b',
    ),
  ).rejects.toThrow('--to must be a bare JID like user@example.com (got "bob@localhost/phone")');
});

describe('herald send: revisions and buttons', () => {
  const base = ['--jid', 'notify@example.com', '--to', 'alice@example.com'];
  const parse = (...args: string[]) => parseSendArguments([...base, ...args], async () => 'b');

  test('--rev with --complete or --retract makes the revision; a retraction needs no text', async () => {
    const done = await parse('--id', 'x', '--rev', '2', '--complete', '--title', 'T');
    expect(done?.draft).toMatchObject({ id: 'x', rev: 2, state: 'done', title: 'T' });
    const retracted = await parse('--id', 'x', '--rev', '3', '--retract');
    expect(retracted?.draft).toMatchObject({ rev: 3, state: 'retracted', title: 'Withdrawn' });
    const update = await parse('--id', 'x', '--rev', '4', '--title', 'T2');
    expect(update?.draft).toMatchObject({ rev: 4, state: 'open' });
  });

  test.each([
    [['--id', 'x', '--complete', '--title', 'T'], '--complete needs --id and --rev'],
    [['--rev', '2', '--title', 'T'], '--rev needs the --id of the push it revises'],
    [['--id', 'x', '--rev', '0', '--title', 'T'], '--rev must be a whole number from 1 (got "0")'],
    [['--id', 'x', '--rev', '2', '--complete', '--retract'], 'cannot be used together'],
    [
      ['--title', 'T', '--action', 'approve'],
      '--action 1: label is required and must not be blank',
    ],
  ])('%j is refused: %s', async (args, message) => {
    await expect(parse(...args)).rejects.toThrow(message);
  });

  test('--action ID=LABEL[=STYLE], --expires and --ack-required reach the draft', async () => {
    const command = await parse(
      '--title',
      'T',
      '--action',
      'approve=Approve=primary',
      '--action',
      'note=a=b',
      '--expires',
      '2026-12-31T00:00:00Z',
      '--ack-required',
    );
    expect(command?.draft).toMatchObject({
      actions: [
        { id: 'approve', label: 'Approve', style: 'primary', confirm: null },
        { id: 'note', label: 'a=b', style: null, confirm: null },
      ],
      expires: '2026-12-31T00:00:00.000Z',
      ackRequired: true,
    });
  });
});
