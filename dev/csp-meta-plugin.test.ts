/**
 * The strict CSP <meta> is in the built pages and nowhere else: not in the source HTML, and
 * not in what Vite's dev server serves (where it would blank the window). Both run the real
 * renderer config from electron.vite.config.ts, as electron-vite resolves it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from 'electron-vite';
import { build, createServer, type InlineConfig, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';
import { META_CONTENT_SECURITY_POLICY } from '../main/windows/web-security.ts';
import { WINDOW_PAGES } from '../main/windows/window-options.ts';
import { findFreePort } from './net-util.ts';
import { cspMetaTag } from './csp-meta-plugin.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGES = Object.values(WINDOW_PAGES);
const CSP_META = /http-equiv="Content-Security-Policy"/i;

async function rendererConfig(command: 'build' | 'serve'): Promise<InlineConfig> {
  const resolved = await resolveConfig(
    { configFile: join(ROOT, 'electron.vite.config.ts'), logLevel: 'silent' },
    command,
  );
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer config');
  return { ...renderer, configFile: false, logLevel: 'silent' };
}

describe('CSP meta tag (dev/csp-meta-plugin.ts)', () => {
  it('is not in the source pages', () => {
    for (const page of PAGES) {
      expect(readFileSync(join(ROOT, 'renderer', page), 'utf8'), page).not.toMatch(CSP_META);
    }
  });

  it('is in every built page, exactly, right after <meta charset> and before any script', async () => {
    const config = await rendererConfig('build');
    const output = await build({ ...config, build: { ...config.build, write: false } });
    const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
    const html = new Map(
      results
        .flatMap((result) => result.output)
        .filter((file) => file.type === 'asset' && file.fileName.endsWith('.html'))
        .map((file) => [file.fileName, String((file as Rolldown.OutputAsset).source)]),
    );
    expect([...html.keys()].sort()).toEqual([...PAGES].sort());
    const tag = cspMetaTag();
    expect(tag).toBe(
      `<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`,
    );
    for (const [page, text] of html) {
      expect(text.split(tag), page).toHaveLength(2);
      expect(text.match(new RegExp(CSP_META, 'gi')), page).toHaveLength(1);
      expect(text, page).toMatch(new RegExp(`<meta charset="UTF-8" />\\s*${escape(tag)}`));
      expect(text.indexOf(tag), page).toBeLessThan(text.indexOf('<script'));
    }
  });

  it('is not in what the dev server serves, which has the React preamble and HMR client', async () => {
    const config = await rendererConfig('serve');
    const port = await findFreePort();
    const server = await createServer({
      ...config,
      server: { host: '127.0.0.1', port, strictPort: true, hmr: { host: '127.0.0.1', port } },
    });
    try {
      await server.listen();
      for (const page of PAGES) {
        const source = readFileSync(join(ROOT, 'renderer', page), 'utf8');
        const served = await server.transformIndexHtml(`/${page}`, source);
        expect(served, page).not.toMatch(CSP_META);
        // The inline preamble and the websocket client a strict meta policy would block.
        expect(served, page).toContain('/@vite/client');
        expect(served, page).toContain('/@react-refresh');
      }
    } finally {
      await server.close();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
