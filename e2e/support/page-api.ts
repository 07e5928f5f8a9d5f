/**
 * `window.herald` for a plain Chromium page, built from the REAL preload code
 * (main/preload/create-api.ts) bundled by Vite, over a transport made of a Playwright binding
 * (invoke → the service's real handlers) and page.evaluate (events → the page's listeners).
 */
import { build } from 'vite';
import { resolve } from 'node:path';
import type { Page } from 'playwright';
import type { AppService } from '../../main/app-service.ts';
import { EVENT_CHANNELS } from '../../main/ipc/ipc-handlers.ts';

const ENTRY = resolve(import.meta.dirname, '../../main/preload/create-api.ts');

/** Name of the binding the page calls to invoke a handler. */
export const INVOKE_BINDING = '__heraldTestInvoke';
/** Name of the page function the harness calls to deliver an event. */
export const DISPATCH_FUNCTION = '__heraldTestDispatch';

let bundled: Promise<string> | undefined;

/** create-api.ts as one IIFE defining `HeraldPreload.createHeraldApi` (built once per run). */
function bundleCreateApi(): Promise<string> {
  bundled ??= (async () => {
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: false,
        lib: { entry: ENTRY, formats: ['iife'], name: 'HeraldPreload', fileName: 'create-api' },
      },
    });
    const results = Array.isArray(output) ? output : [output];
    for (const result of results) {
      if (!('output' in result)) continue;
      for (const chunk of result.output) {
        if (chunk.type === 'chunk' && chunk.isEntry) return chunk.code;
      }
    }
    throw new Error('bundling main/preload/create-api.ts produced no entry chunk');
  })();
  return bundled;
}

/** The init script: installs a frozen `window.herald` before any page script runs. */
export async function pageApiScript(): Promise<string> {
  const code = await bundleCreateApi();
  return `(() => {
${code}
  const listeners = new Map();
  const transport = {
    invoke: (channel, ...args) => window.${INVOKE_BINDING}(channel, args),
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return () => listeners.get(channel).delete(listener);
    },
  };
  Object.defineProperty(window, '${DISPATCH_FUNCTION}', {
    value: (channel, payload) => {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
    },
  });
  // Like contextBridge: a frozen object the page cannot replace.
  Object.defineProperty(window, 'herald', {
    value: Object.freeze(HeraldPreload.createHeraldApi(transport)),
    enumerable: true,
  });
  // Evidence for the hostile-content tests: any CSP violation is recorded.
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
})();`;
}

/**
 * Delivers every service event to the pages open at that moment, as main/ipc/setup-ipc.ts
 * sends them to every window. A page that closed meanwhile is skipped.
 */
export function forwardServiceEvents(service: AppService, pages: () => Iterable<Page>): void {
  for (const channel of EVENT_CHANNELS) {
    service.events.on(channel, (payload: unknown) => {
      for (const page of pages()) {
        page
          .evaluate(
            ([name, fn, data]) =>
              (globalThis as unknown as Record<string, (c: string, p: unknown) => void>)[fn]?.(
                name,
                data,
              ),
            [channel, DISPATCH_FUNCTION, payload] as const,
          )
          .catch(() => undefined);
      }
    });
  }
}
