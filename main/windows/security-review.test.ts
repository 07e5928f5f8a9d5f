/**
 * The desktop app's security settings in one place: Electronegativity finds nothing that is
 * not explained, the pages' CSP is the strict one the main process also sends as a header,
 * and every kind of window is sandboxed and isolated. (Navigation guards, the permission
 * handler and IPC sender checks are exercised in web-security.test.ts and ipc-handlers.test.ts.)
 */
import { describe, expect, test } from 'vitest';
import { EXPLAINED, scan } from '../../dev/security-scan.ts';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from './web-security.ts';
import { WINDOW_PAGES, windowOptions, type WindowKind } from './window-options.ts';

function directives(policy: string): Record<string, string> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );
}

describe('Electronegativity', () => {
  test('finds nothing unexplained in main, preload, core and the pages, and parses every file', async () => {
    const { unexplained, explained, errors } = await scan();
    expect(errors).toEqual([]);
    expect(unexplained.map((f) => `${f.id} ${f.file}:${f.location.line}`)).toEqual([]);
    // Every explanation is still needed: a fixed finding takes its excuse with it.
    expect(new Set(explained.map((f) => `${f.id} ${f.file}`))).toEqual(
      new Set(Object.keys(EXPLAINED)),
    );
  }, 120_000);

  test('would catch an insecure window: a planted nodeIntegration window is a finding', async () => {
    const planted = `import { BrowserWindow } from 'electron';
      new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });`;
    const { unexplained } = await scan({ 'planted.js': planted });
    const ids = unexplained.filter((f) => f.file === 'planted.js').map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
  }, 120_000);
});

describe('content security policy', () => {
  // Every built page carries META_CONTENT_SECURITY_POLICY (dev/csp-meta-plugin.test.ts checks
  // the build output); the source HTML carries none, so `npm run dev` can hot-reload.
  test('the pages’ meta policy is the strict one: own scripts only, nothing inline, no network', () => {
    expect(directives(META_CONTENT_SECURITY_POLICY)).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'connect-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
    });
  });

  test('the header the main process adds says the same, and also forbids framing', () => {
    const header = directives(CONTENT_SECURITY_POLICY);
    expect(header).toMatchObject(directives(META_CONTENT_SECURITY_POLICY));
    // frame-ancestors only works as a header; a <meta> carrying it would log an error.
    expect(header).toMatchObject({ 'frame-ancestors': "'none'" });
    expect(Object.keys(header)).toHaveLength(
      Object.keys(directives(META_CONTENT_SECURITY_POLICY)).length + 1,
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});

describe('every window', () => {
  const kinds = Object.keys(WINDOW_PAGES) as WindowKind[];
  test.each(
    kinds.flatMap((kind) =>
      (['linux', 'win32', 'darwin'] as const).map((platform) => [kind, platform] as const),
    ),
  )(
    '%s on %s: sandboxed renderer, context isolation, no Node, web security on, no webview',
    (kind, platform) => {
      const { webPreferences } = windowOptions(kind, platform, {
        outDir: '/app/out',
        icon: '/icon.png',
      });
      expect(webPreferences).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        experimentalFeatures: false,
      });
      expect(webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    },
  );
});
