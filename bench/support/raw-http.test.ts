import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpResponseReader, RawHttpPoster } from './raw-http.ts';

const twoResponses = Buffer.from(
  'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok":true}' +
    'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n',
  'latin1',
);

describe('HttpResponseReader', () => {
  it('reads back-to-back responses however the bytes are cut', () => {
    for (let cut = 0; cut <= twoResponses.length; cut += 1) {
      const reader = new HttpResponseReader();
      const responses = [
        ...reader.push(twoResponses.subarray(0, cut)),
        ...reader.push(twoResponses.subarray(cut)),
      ];
      expect(responses.map((r) => [r.status, r.body.toString()])).toEqual([
        [200, '{"ok":true}'],
        [404, ''],
      ]);
      expect(responses[1]?.headers.get('connection')).toBe('keep-alive');
      expect(reader.pendingBytes).toBe(0);
    }
  });

  it('waits for the rest of a body and keeps what it has', () => {
    const reader = new HttpResponseReader();
    expect(reader.push(twoResponses.subarray(0, twoResponses.indexOf('true')))).toEqual([]);
    expect(reader.pendingBytes).toBeGreaterThan(0);
  });

  it('refuses a chunked or unframed body instead of guessing where it ends', () => {
    expect(() =>
      new HttpResponseReader().push(
        Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'),
      ),
    ).toThrow(/Transfer-Encoding: chunked/);
    expect(() => new HttpResponseReader().push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'))).toThrow(
      /without Content-Length/,
    );
    expect(() => new HttpResponseReader().push(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow(
      /not an HTTP\/1.x status line/,
    );
  });
});

describe('RawHttpPoster', () => {
  let server: Server | undefined;
  let poster: RawHttpPoster | undefined;
  afterEach(async () => {
    poster?.close();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  });

  async function serve(handle: (request: IncomingMessage, body: string) => [number, string]) {
    const sockets = new Set<unknown>();
    server = createServer((request, response) => {
      sockets.add(request.socket);
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const [status, answer] = handle(request, body);
        response
          .writeHead(status, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(answer),
          })
          .end(answer);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, sockets };
  }

  it('sends what node:http would (method, path, token, JSON body) and reuses one socket', async () => {
    const seen: string[] = [];
    const { url, sockets } = await serve((request, body) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization} ${body}`);
      return [request.method === 'PATCH' ? 404 : 200, '{"ok":true}'];
    });
    poster = new RawHttpPoster(url, 'secret');
    const first = await poster.post('/v1/push', { title: 'Grüße' });
    const second = await poster.post('/v1/push/a%2Fb', { title: 'x' }, 'PATCH');
    expect(seen).toEqual([
      'POST /v1/push Bearer secret {"title":"Grüße"}',
      'PATCH /v1/push/a%2Fb Bearer secret {"title":"x"}',
    ]);
    expect([first.status, second.status]).toEqual([200, 404]);
    expect(first.answeredAt).toBeGreaterThanOrEqual(first.sentAt);
    expect(sockets.size).toBe(1);
  });

  it('opens another socket only while one is busy', async () => {
    const { url, sockets } = await serve(() => [200, '{}']);
    poster = new RawHttpPoster(url, 'secret');
    const answers = await Promise.all([poster.post('/', {}), poster.post('/', {})]);
    await poster.post('/', {});
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(sockets.size).toBe(2);
  });

  it('rejects a request whose connection the server closes, and recovers with a new one', async () => {
    let calls = 0;
    const { url } = await serve((request) => {
      calls += 1;
      if (calls === 1) request.socket.destroy();
      return [200, '{}'];
    });
    poster = new RawHttpPoster(url, 'secret');
    await expect(poster.post('/', {})).rejects.toThrow(/closed/);
    await expect(poster.post('/', {})).resolves.toMatchObject({ status: 200 });
  });

  it('refuses anything but plain http:', () => {
    expect(() => new RawHttpPoster('https://127.0.0.1:1', 'x')).toThrow(/http: only/);
  });
});
