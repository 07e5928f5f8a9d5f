/**
 * Electron's security checklist for every web contents the app ever creates (hooked into
 * `app.on('web-contents-created')`): no navigation, no new windows, no <webview>, every
 * permission denied, and a CSP header on top of the pages' own meta tag. The Electron objects
 * are injected as the small interfaces below, so the rules are tested without Electron.
 */

/** The page needs no network: XMPP lives in main. The built pages' meta tag says the same. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The same policy for the built pages' <meta> tag, which electron.vite.config.ts injects at
 * build time only (under `npm run dev` it would block Vite's HMR socket and React's inline
 * preamble). A <meta> policy cannot carry frame-ancestors: Chromium ignores it and logs an
 * error, so it is left to the header.
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors '))
  .join('; ');

/** Development only: Vite's dev server needs its websocket and React's inline preamble. */
export function devContentSecurityPolicy(devServerUrl: string): string {
  const origin = new URL(devServerUrl);
  const ws = `ws://${origin.host}`;
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline' ${origin.origin}`,
    `style-src 'self' 'unsafe-inline' ${origin.origin}`,
    `img-src 'self' data: ${origin.origin}`,
    `connect-src ${origin.origin} ${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

interface PreventableEvent {
  preventDefault(): void;
}

export interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void,
  ): void;
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[] | string> },
        callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void,
      ) => void,
    ): void;
  };
}

export type BlockedAction = 'navigation' | 'redirect' | 'new-window' | 'webview' | 'permission';

/** Denies navigation, redirects, window.open and <webview> in one web contents. */
export function secureWebContents(
  contents: WebContentsLike,
  onBlocked?: (action: BlockedAction, detail: string) => void,
): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    onBlocked?.('navigation', url);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    onBlocked?.('redirect', url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onBlocked?.('webview', '');
  });
  // Links open through the inbox's openLink (safe-open.ts), never as a new window.
  contents.setWindowOpenHandler(({ url }) => {
    onBlocked?.('new-window', url);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check; adds the CSP header to every response. */
export function secureSession(
  session: SessionLike,
  options: { csp?: string; onBlocked?: (action: BlockedAction, detail: string) => void } = {},
): void {
  const csp = options.csp ?? CONTENT_SECURITY_POLICY;
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    options.onBlocked?.('permission', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
}

/** Every web contents the app ever creates gets the rules of secureWebContents. */
export function secureEveryWebContents(
  app: {
    on(
      event: 'web-contents-created',
      listener: (event: unknown, contents: WebContentsLike) => void,
    ): unknown;
  },
  onBlocked: (action: BlockedAction, detail: string) => void,
): void {
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, onBlocked));
}

/** The session's CSP header: the strict one, or in development one that admits the dev server. */
export function sessionContentSecurityPolicy(devServerUrl: string | undefined): string {
  return devServerUrl ? devContentSecurityPolicy(devServerUrl) : CONTENT_SECURITY_POLICY;
}
