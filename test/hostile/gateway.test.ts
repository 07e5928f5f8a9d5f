/**
 * Hostile-input suite, `herald gateway`: malformed JSON, wrong types, oversized bodies,
 * header tricks (on a bare socket where fetch would refuse), and bad tokens at volume,
 * against the real gateway process logged in to a real Prosody. Every case asserts the exact
 * status and error; the gateway must serve a valid request afterwards and exit cleanly.
 * test/gateway.test.ts covers the basic 400/401/413/415/429 answers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useProsody, type Account } from '../support/fixture.ts';
import { GatewayProcess } from '../support/gateway-process.ts';
import { httpRequest, rawRequest } from './support/raw-http.ts';

const harness = useProsody();
const TOKEN = 'hostile-suite-token-0123456789';
const OTHER_TOKEN = 'second-client-token-abcdefghij';

let system: Account;
let user: Account;
let dir: string;
let gateway: GatewayProcess;
let url: string;
let port: number;

async function startGateway(limits: Record<string, number>): Promise<GatewayProcess> {
  const file = join(dir, `gateway-${Object.values(limits).join('-')}.json`);
  await writeFile(
    file,
    JSON.stringify({ tokens: [{ name: 'other', secret: OTHER_TOKEN }], limits }),
  );
  return new GatewayProcess({
    service: harness.server.service,
    caFile: harness.server.caFile,
    jid: system.jid,
    password: system.password,
    tokens: TOKEN,
    extraArgs: ['--config', file],
  });
}

beforeAll(async () => {
  system = await harness.account('notify');
  user = await harness.account('alice');
  dir = await mkdtemp(join(tmpdir(), 'herald-hostile-gw-'));
  // A high rate limit, so the cases here are not throttled by each other (the volume test
  // starts its own gateway with a low one).
  gateway = await startGateway({ rateLimitMax: 100_000 });
  url = await gateway.url();
  port = Number(new URL(url).port);
}, 60_000);

afterAll(async () => {
  // No crash: the gateway is still running and exits cleanly on SIGTERM.
  expect(gateway.child.exitCode).toBeNull();
  expect(await gateway.stop()).toBe(0);
  expect(gateway.nonJsonLines).toEqual([]);
  expect(gateway.logs.filter((line) => line.msg === 'unexpected error')).toEqual([]);
  await rm(dir, { recursive: true, force: true });
});

const valid = () => ({ to: user.jid, title: 'Hello', body: 'World' });
let ids = 0;

function post(body: string | object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/v1/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A raw POST /v1/push with our token unless the header lines bring their own. */
function rawPost(headerLines: string[], body: string | Buffer = '') {
  const auth = headerLines.some((line) => /^authorization:/i.test(line))
    ? []
    : [`Authorization: Bearer ${TOKEN}`];
  return rawRequest(port, httpRequest('POST', '/v1/push', [...auth, ...headerLines], body));
}

function json(object: unknown): { lines: string[]; body: string } {
  const body = JSON.stringify(object);
  return {
    lines: ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`],
    body,
  };
}

describe('malformed JSON → 400 invalid_json', () => {
  test.each([
    ['a trailing comma', '{"to": "a@localhost", "title": "t", "body": "b",}'],
    ['single quotes', "{'to': 'a@localhost', 'title': 't', 'body': 'b'}"],
    ['NaN', '{"to": "a@localhost", "title": NaN, "body": "b"}'],
    ['a comment', '{"to": "a@localhost" /* hi */, "title": "t", "body": "b"}'],
    ['two documents', '{"to": "a@localhost"}{"title": "t"}'],
    ['only whitespace', '   \n  '],
    [
      'a __proto__ key',
      '{"to": "a@localhost", "title": "t", "body": "b", "__proto__": {"admin": true}}',
    ],
    [
      'a constructor.prototype key',
      '{"to": "a@localhost", "title": "t", "body": "b", "constructor": {"prototype": {"admin": true}}}',
    ],
  ])('%s', async (_name, body) => {
    expect(await answer(await post(body))).toEqual({
      status: 400,
      body: { error: 'invalid_json', message: 'the body is not valid JSON' },
    });
  });
});

/** Stands in for 20,000 nested arrays, which JSON.stringify itself cannot write. */
const DEEP = '<deep>';

describe('valid JSON of the wrong shape → 400 naming the field', () => {
  test.each([
    ['null', null, '$'],
    ['a string', 'just text', '$'],
    ['a number for to', { to: 42 }, 'to'],
    ['an object for to', { to: { jid: 'a@localhost' } }, 'to'],
    [
      'a number among the recipients (the schema names the list)',
      { to: ['a@localhost', 42] },
      'to',
    ],
    ['null for title', { title: null }, 'title'],
    ['an array for title', { title: ['Hello'] }, 'title'],
    ['an object for body', { body: { text: 'World' } }, 'body'],
    ['a number for kind', { kind: 1 }, 'kind'],
    ['a number for id', { id: 5 }, 'id'],
    ['a number for due', { due: 0 }, 'due'],
    ['true for url', { url: true }, 'url'],
    ['101 recipients', { to: Array.from({ length: 101 }, (_, i) => `u${i}@localhost`) }, 'to'],
    ['20,000 nested arrays as the recipient', { to: DEEP }, 'to'],
  ])('%s', async (_name, patch, field) => {
    const body =
      patch === null || typeof patch === 'string'
        ? JSON.stringify(patch)
        : JSON.stringify({ ...valid(), ...patch }).replace(
            `"${DEEP}"`,
            `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
          );
    const { status, body: error } = await answer(await post(body));
    expect({ status, error: error.error, field: error.field }).toEqual({
      status: 400,
      error: 'invalid_request',
      field,
    });
  });
});

describe('content the push rules refuse → 400 naming the field', () => {
  const URL_RULE = 'url must be an http(s) URL without user or password';
  const JID_RULE = 'to must be a bare JID like user@example.com';
  const ID_RULE = 'id must be 1-200 printable characters';
  const TITLE_RULE = 'title must be a string of at most 300 characters';
  const DUE_RULE = 'due must be an ISO 8601 date such as 2026-12-01T10:00:00Z';
  test.each([
    ['a 301-character title', { title: 'T'.repeat(301) }, 'title', TITLE_RULE],
    ['a 201-character id', { id: 'i'.repeat(201) }, 'id', ID_RULE],
    ['an id with a space', { id: 'po 5521' }, 'id', ID_RULE],
    ['a recipient with a control character', { to: 'alice\u0007@localhost' }, 'to', JID_RULE],
    ['a recipient with a full-width @', { to: 'alice\uFF20localhost' }, 'to', JID_RULE],
    ['a javascript: link in disguise', { url: ' JaVaScRiPt:alert(1)' }, 'url', URL_RULE],
    ['a link with credentials', { url: 'https://user:pass@erp.example.com/' }, 'url', URL_RULE],
    ['an smb: link', { url: 'smb://attacker.example/share' }, 'url', URL_RULE],
    ['a link label without a link', { urlLabel: 'Open' }, 'urlLabel', 'urlLabel needs a url'],
    ['an impossible due date', { due: '2026-02-30T10:00:00Z' }, 'due', DUE_RULE],
  ])('%s', async (_name, patch, field, message) => {
    expect(await answer(await post({ ...valid(), ...patch }))).toEqual({
      status: 400,
      body: { error: 'invalid_request', field, message },
    });
  });
});

describe('sizes', () => {
  test('a declared 10 GB body is refused with 413 before it is read', async () => {
    const response = await rawPost(
      ['Content-Type: application/json', 'Content-Length: 10737418240'],
      '{"to":',
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'too_large' });
  });

  test('a chunked body growing past the limit is refused with 413', async () => {
    const chunk = `${(32 * 1024).toString(16)}\r\n${'x'.repeat(32 * 1024)}\r\n`;
    const response = await rawPost(
      ['Content-Type: application/json', 'Transfer-Encoding: chunked'],
      `${chunk.repeat(4)}0\r\n\r\n`,
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'too_large' });
  });

  test('a body shorter than its Content-Length is refused (the server stops waiting when we close)', async () => {
    const { body } = json(valid());
    const response = await rawPost(
      ['Content-Type: application/json', `Content-Length: ${body.length - 5}`],
      body,
    );
    expect(response.status).toBe(400);
  });

  test('a 20 kB header is refused with 431', async () => {
    const { lines, body } = json(valid());
    const response = await rawPost([...lines, `X-Padding: ${'p'.repeat(20_000)}`], body);
    expect(response.status).toBe(431);
  });
});

describe('header tricks', () => {
  test.each([
    ['a CR inside the Authorization value', [`Authorization: Bearer ${TOKEN}\rX-Injected: 1`]],
    ['a bare LF inside a header value', [`X-Note: a\nX-Injected: 1`]],
    ['a NUL in a header value', ['X-Note: a\u0000b']],
    ['an obsolete folded header line', ['Authorization: Bearer', ` ${TOKEN}`]],
    ['a space before the colon', [`Authorization : Bearer ${TOKEN}`]],
    [
      'both Content-Length and chunked (request smuggling)',
      ['Transfer-Encoding: chunked', 'Content-Length: 4'],
    ],
    ['an invalid chunk size', ['Transfer-Encoding: chunked']],
    ['an unknown transfer coding', ['Transfer-Encoding: gzip, chunked, xchunked']],
  ])('%s → 400 from the HTTP parser, nothing reaches the API', async (_name, extra) => {
    const response = await rawPost(
      ['Content-Type: application/json', ...extra],
      'zz\r\n{}\r\n0\r\n\r\n',
    );
    expect(response.status).toBe(400);
  });

  test('two Authorization headers: Node keeps the first (a bad first one is 401)', async () => {
    const { lines, body } = json(valid());
    const badFirst = await rawPost(
      [
        `Authorization: Bearer wrong-token-000000000000`,
        `Authorization: Bearer ${TOKEN}`,
        ...lines,
      ],
      body,
    );
    expect(badFirst.status).toBe(401);
    const goodFirst = await rawPost(
      [
        `Authorization: Bearer ${TOKEN}`,
        `Authorization: Bearer wrong-token-000000000000`,
        ...lines,
      ],
      body,
    );
    expect(goodFirst.status).toBe(200);
  });

  test.each([
    ['the scheme in lower case', 200, `bearer ${TOKEN}`],
    ['two spaces after the scheme', 200, `Bearer  ${TOKEN}`],
    ['a tab after the scheme', 401, `Bearer\t${TOKEN}`],
    ['a second word after the token', 401, `Bearer ${TOKEN} extra`],
    ['two tokens joined by a comma', 401, `Bearer ${TOKEN},${OTHER_TOKEN}`],
    [
      'the token as Basic credentials',
      401,
      `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
    ],
    ['a prefix of the token', 401, `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token with one more character', 401, `Bearer ${TOKEN}0`],
    ['the token in another case', 401, `Bearer ${TOKEN.toUpperCase()}`],
  ])('Authorization with %s → %i', async (_name, status, authorization) => {
    expect((await post({ ...valid(), id: `auth-${++ids}` }, { authorization })).status).toBe(
      status,
    );
  });

  test('the token in the query string is not a token', async () => {
    const response = await fetch(`${url}/v1/push?access_token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(valid()),
    });
    expect(response.status).toBe(401);
  });

  test.each([
    ['application/json; charset=utf-8', 200],
    ['APPLICATION/JSON', 200],
    ['application/json; charset=UTF-8; boundary=x', 200],
    ['application/jsonx', 415],
    ['application/json-patch+json', 415],
    ['text/json', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=iso-8859-1', 415],
    ['application/json; charset=utf-16', 415],
  ])('Content-Type %j → %i', async (contentType, status) => {
    const response = await post({ ...valid(), id: `ct-${++ids}` }, { 'content-type': contentType });
    expect(response.status).toBe(status);
  });

  test('a Latin-1 body labelled as JSON (invalid UTF-8) is refused, not silently mangled', async () => {
    const body = Buffer.from(JSON.stringify({ ...valid(), title: 'Café' }), 'latin1');
    const response = await rawPost(
      ['Content-Type: application/json', `Content-Length: ${body.length}`],
      body,
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      error: 'invalid_json',
      message: 'the body is not valid UTF-8',
    });
  });

  test('no Content-Type with a JSON body is 415', async () => {
    const body = JSON.stringify(valid());
    const response = await rawPost([`Content-Length: ${body.length}`], body);
    expect(response.status).toBe(415);
  });
});

describe('paths and methods', () => {
  test.each([
    ['GET', '/healthz?probe=1', 401],
    ['GET', '/admin', 401],
    ['DELETE', '/v1/push/x', 401],
    ['POST', 'http://evil.example/v1/push', 401],
  ])('%s %s without a token → %i (nothing but /healthz is open)', async (method, path, status) => {
    expect((await rawRequest(port, httpRequest(method, path, []))).status).toBe(status);
  });

  test.each([
    ['GET', '/v1/push/..%2f..%2fetc%2fpasswd', 404],
    ['GET', '/v1/push/<5,000 characters>', 414],
    ['PUT', '/v1/push', 404],
    ['GET', '/V1/PUSH', 404],
  ])('%s %s with a token → %i', async (method, path, status) => {
    const target = path.replace('<5,000 characters>', 'x'.repeat(5_000));
    const response = await rawRequest(
      port,
      httpRequest(method, target, [`Authorization: Bearer ${TOKEN}`]),
    );
    expect(response.status).toBe(status);
  });
});

describe('bad tokens at volume', () => {
  test('500 guesses: 401 until the address is throttled, then 429; memory stable; a good token still works', async () => {
    const limited = await startGateway({ rateLimitMax: 50 });
    try {
      const limitedUrl = await limited.url();
      const rss = async () => {
        const status = await readFile(`/proc/${limited.child.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
      };
      const guess = (i: number) =>
        fetch(`${limitedUrl}/v1/push`, {
          method: 'POST',
          headers: {
            authorization: `Bearer guess-${i}-${'g'.repeat(24)}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(valid()),
        }).then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        });
      // Warm up (JIT, sockets), then measure across 500 more.
      for (let i = 0; i < 20; i++) await guess(i);
      const before = await rss();
      const statuses: number[] = [];
      for (let round = 0; round < 25; round++) {
        statuses.push(
          ...(await Promise.all(Array.from({ length: 20 }, (_, i) => guess(round * 20 + i)))),
        );
      }
      const after = await rss();
      expect(statuses).toHaveLength(500);
      expect(statuses.filter((s) => s === 401)).toHaveLength(30); // 50 allowed, 20 spent warming up
      expect(statuses.filter((s) => s === 429)).toHaveLength(470);
      expect(after - before).toBeLessThan(40 * 1024 * 1024);

      const good = await fetch(`${limitedUrl}/v1/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...valid(), id: 'after-the-storm' }),
      });
      expect(await answer(good)).toEqual({
        status: 200,
        body: { id: 'after-the-storm', recipients: [user.jid] },
      });
      expect((await fetch(`${limitedUrl}/healthz`)).status).toBe(200);
      expect(limited.logs.filter((line) => line.msg === 'unexpected error')).toEqual([]);
    } finally {
      expect(await limited.stop()).toBe(0);
    }
  }, 60_000);
});

describe('afterwards', () => {
  test('the gateway still takes a valid push and reports it', async () => {
    expect(await answer(await post({ ...valid(), id: 'still-fine' }))).toEqual({
      status: 200,
      body: { id: 'still-fine', recipients: [user.jid] },
    });
    const state = await fetch(`${url}/v1/push/still-fine`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await answer(state)).toMatchObject({ status: 200, body: { id: 'still-fine' } });
  });
});
