/**
 * Serves the built renderer (out/renderer) on 127.0.0.1: plain Chromium refuses module scripts
 * from file://. The page's own CSP <meta> applies as it does in the app.
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Fails with a clear message when the renderer has not been built. */
export function assertRendererBuilt(): void {
  for (const page of ['index.html', 'settings.html']) {
    if (!existsSync(join(RENDERER_DIR, page))) {
      throw new Error(
        `out/renderer/${page} is missing: run \`npm run build\` before the renderer's Chromium tests.`,
      );
    }
  }
}

export async function serveRenderer(): Promise<StaticServer> {
  assertRendererBuilt();
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    // Chromium asks for a favicon the app (file://) never requests; answer it quietly.
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = join(RENDERER_DIR, path);
    if (!file.startsWith(RENDERER_DIR)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        const type = TYPES[extname(file)] ?? 'application/octet-stream';
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
