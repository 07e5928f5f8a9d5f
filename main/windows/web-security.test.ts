/** The web-contents and session rules, driven through FAKE Electron objects. */
import { describe, expect, test } from 'vitest';
import { EventEmitter } from 'node:events';
import {
  CONTENT_SECURITY_POLICY,
  devContentSecurityPolicy,
  secureEveryWebContents,
  secureSession,
  sessionContentSecurityPolicy,
  secureWebContents,
  type SessionLike,
  type WebContentsLike,
} from './web-security.ts';
import { safelyOpenWebUrl, toSafeWebUrl } from './safe-open.ts';

/** FAKE webContents: an emitter plus the window-open handler it was given. */
function fakeWebContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents = {
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => void (openHandler = handler),
  } as unknown as WebContentsLike;
  const fire = (event: string, ...args: unknown[]) => {
    let prevented = false;
    emitter.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('secureWebContents', () => {
  test('navigation, redirects, webviews and window.open are all denied and reported', () => {
    const { contents, fire, open } = fakeWebContents();
    const blocked: string[] = [];
    secureWebContents(contents, (action, detail) => blocked.push(`${action} ${detail}`));
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-redirect', 'https://evil.example/r')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(blocked).toEqual([
      'navigation https://evil.example/',
      'redirect https://evil.example/r',
      'webview ',
      'new-window https://example.com/',
    ]);
  });
});

describe('secureEveryWebContents', () => {
  test('each web contents the app creates, later ones too, gets the rules', () => {
    const app = new EventEmitter();
    const blocked: string[] = [];
    secureEveryWebContents(app, (action, detail) => blocked.push(`${action} ${detail}`));
    const first = fakeWebContents();
    const second = fakeWebContents();
    app.emit('web-contents-created', {}, first.contents);
    app.emit('web-contents-created', {}, second.contents);
    expect(first.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(second.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(blocked).toEqual([
      'navigation https://evil.example/',
      'new-window https://example.com/',
    ]);
  });
});

describe('sessionContentSecurityPolicy', () => {
  test('the strict policy, except in development with a dev server', () => {
    expect(sessionContentSecurityPolicy(undefined)).toBe(CONTENT_SECURITY_POLICY);
    expect(sessionContentSecurityPolicy('http://localhost:5173')).toBe(
      devContentSecurityPolicy('http://localhost:5173'),
    );
    expect(sessionContentSecurityPolicy('http://localhost:5173')).not.toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('secureSession', () => {
  function fakeSession() {
    const handlers: {
      request?: Parameters<SessionLike['setPermissionRequestHandler']>[0];
      check?: Parameters<SessionLike['setPermissionCheckHandler']>[0];
      headers?: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0];
    } = {};
    const session: SessionLike = {
      setPermissionRequestHandler: (h) => void (handlers.request = h),
      setPermissionCheckHandler: (h) => void (handlers.check = h),
      webRequest: { onHeadersReceived: (h) => void (handlers.headers = h) },
    };
    return { session, handlers };
  }

  test('every permission request and check is denied', () => {
    const { session, handlers } = fakeSession();
    secureSession(session);
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read']) {
      let granted: boolean | undefined;
      handlers.request!({}, permission, (answer) => (granted = answer));
      expect(granted).toBe(false);
    }
    expect(handlers.check!({}, 'notifications', 'file://', {})).toBe(false);
  });

  test('responses get our CSP, replacing any the response brought', () => {
    const { session, handlers } = fakeSession();
    secureSession(session);
    let headers: Record<string, string[] | string> | undefined;
    handlers.headers!(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      (response) => (headers = response.responseHeaders),
    );
    expect(headers).toEqual({
      'X-Other': ['1'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
  });
});

describe('safe open', () => {
  test('only parsed http(s) URLs without credentials reach openExternal', async () => {
    const opened: string[] = [];
    const open = (url: unknown) => safelyOpenWebUrl(url, (u) => void opened.push(u));
    expect(await open('https://erp.example.com/expenses/4411?x=1#y')).toBe(true);
    expect(await open('http://intranet/a b')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://server/share',
      'data:text/html,x',
      'https://bank.example@evil.example/',
      '//evil.example/',
      'not a url',
      42,
      null,
    ]) {
      expect(await open(bad)).toBe(false);
    }
    expect(opened).toEqual([
      'https://erp.example.com/expenses/4411?x=1#y',
      'http://intranet/a%20b',
    ]);
    expect(toSafeWebUrl(`https://e.example/${'a'.repeat(5000)}`)).toBeNull();
  });
});
