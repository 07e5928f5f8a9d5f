/**
 * The latency runs' HTTP client: each request is built as bytes first, then written on a
 * kept-alive socket, and its clock starts at that write. node:http's client spends 0.25–0.45 ms
 * of cold code per request before its first byte leaves (docs/performance.md, "Where the clock
 * starts"); that is the business system's HTTP library, not Herald's work.
 *
 * One request in flight per socket (no pipelining), as node:http's keep-alive agent does.
 * Plain `http:` only: the bench's gateway listens on loopback without TLS.
 */
import { connect, type Socket } from 'node:net';
import { monotonicMs } from './clock.ts';
import type { PostResult } from './http-load.ts';

export interface HttpResponse {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Reads HTTP/1.1 responses off a byte stream, however the stream is cut. Bodies must carry a
 * Content-Length (fastify's JSON replies do); a chunked or unframed body is an error, not a guess.
 */
export class HttpResponseReader {
  #pending: Buffer = Buffer.alloc(0);

  /** Takes the next bytes; returns every response they complete, in order. */
  push(chunk: Buffer): HttpResponse[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const responses: HttpResponse[] = [];
    for (;;) {
      const headerEnd = this.#pending.indexOf(HEADER_END);
      if (headerEnd < 0) return responses;
      const { status, headers } = parseHead(
        this.#pending.subarray(0, headerEnd).toString('latin1'),
      );
      const bodyStart = headerEnd + HEADER_END.length;
      const length = bodyLength(headers);
      if (this.#pending.length < bodyStart + length) return responses;
      responses.push({
        status,
        headers,
        body: this.#pending.subarray(bodyStart, bodyStart + length),
      });
      this.#pending = this.#pending.subarray(bodyStart + length);
    }
  }

  /** Bytes received that do not make a whole response yet. */
  get pendingBytes(): number {
    return this.#pending.length;
  }
}

function parseHead(head: string): { status: number; headers: Map<string, string> } {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(statusLine)}`);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed HTTP header line: ${JSON.stringify(line)}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(match[1]), headers };
}

function bodyLength(headers: Map<string, string>): number {
  if (headers.has('transfer-encoding')) {
    throw new Error(`unsupported Transfer-Encoding: ${headers.get('transfer-encoding')}`);
  }
  const declared = headers.get('content-length');
  if (declared === undefined) throw new Error('HTTP response without Content-Length');
  if (!/^\d+$/.test(declared)) throw new Error(`bad Content-Length: ${declared}`);
  return Number(declared);
}

interface Connection {
  socket: Socket;
  reader: HttpResponseReader;
  current?: {
    sentAt: number;
    resolve: (result: PostResult) => void;
    reject: (error: Error) => void;
  };
}

export class RawHttpPoster {
  readonly #host: string;
  readonly #port: number;
  readonly #token: string;
  readonly #idle: Connection[] = [];
  readonly #open = new Set<Connection>();

  constructor(url: string, token: string) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:') throw new Error(`RawHttpPoster speaks http: only, not ${url}`);
    this.#host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    this.#port = Number(parsed.port || 80);
    this.#token = token;
  }

  async post(path: string, body: unknown, method = 'POST'): Promise<PostResult> {
    const payload = Buffer.from(JSON.stringify(body));
    const head =
      `${method} ${path} HTTP/1.1\r\n` +
      `host: ${this.#host}:${this.#port}\r\n` +
      `authorization: Bearer ${this.#token}\r\n` +
      'content-type: application/json\r\n' +
      `content-length: ${payload.length}\r\n` +
      '\r\n';
    const bytes = Buffer.concat([Buffer.from(head, 'latin1'), payload]);
    const connection = this.#idle.pop() ?? (await this.#connect());
    return new Promise((resolve, reject) => {
      const sentAt = monotonicMs();
      connection.current = { sentAt, resolve, reject };
      connection.socket.write(bytes);
    });
  }

  close(): void {
    for (const connection of this.#open) connection.socket.destroy();
    this.#open.clear();
    this.#idle.length = 0;
  }

  #connect(): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.#host, port: this.#port, noDelay: true });
      const connection: Connection = { socket, reader: new HttpResponseReader() };
      socket.once('connect', () => {
        socket.off('error', reject);
        this.#open.add(connection);
        resolve(connection);
      });
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => this.#onData(connection, chunk));
      socket.on('error', (error) => this.#fail(connection, error));
      socket.on('close', () => this.#fail(connection, new Error('HTTP connection closed')));
    });
  }

  #onData(connection: Connection, chunk: Buffer): void {
    let responses: HttpResponse[];
    try {
      responses = connection.reader.push(chunk);
    } catch (error) {
      this.#fail(connection, error as Error);
      return;
    }
    for (const response of responses) {
      const current = connection.current;
      if (!current) {
        this.#fail(connection, new Error(`unasked-for HTTP response (${response.status})`));
        return;
      }
      connection.current = undefined;
      current.resolve({
        status: response.status,
        sentAt: current.sentAt,
        answeredAt: monotonicMs(),
      });
      if (response.headers.get('connection')?.toLowerCase() === 'close') {
        this.#drop(connection);
        return;
      }
      this.#idle.push(connection);
    }
  }

  #fail(connection: Connection, error: Error): void {
    const current = connection.current;
    connection.current = undefined;
    this.#drop(connection);
    current?.reject(error);
  }

  #drop(connection: Connection): void {
    this.#open.delete(connection);
    const idleAt = this.#idle.indexOf(connection);
    if (idleAt >= 0) this.#idle.splice(idleAt, 1);
    connection.socket.destroy();
  }
}
