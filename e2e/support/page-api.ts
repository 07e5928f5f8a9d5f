/**
 * `window.herald` for a plain Chromium page: the REAL built preload run by
 * ./sandboxed-preload.ts, the same bridge the Electron stand-in uses, with its invokes
 * answered by the app service's real handlers (desktop-harness.ts) and the service's events
 * delivered as main/ipc/setup-ipc.ts sends them.
 */
import type { Page } from 'playwright';
import type { AppService } from '../../main/app-service.ts';
import { EVENT_CHANNELS } from '../../main/ipc/ipc-handlers.ts';
import { DISPATCH_FUNCTION, sandboxedPreloadScript } from './sandboxed-preload.ts';

export { INVOKE_BINDING, invokeErrorText } from './sandboxed-preload.ts';

/** The init script: the preload, then a recorder of CSP violations. */
export async function pageApiScript(): Promise<string> {
  return `${await sandboxedPreloadScript()}
// Evidence for the hostile-content tests: any CSP violation is recorded.
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});`;
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
              (globalThis as unknown as Record<string, (c: string, a: unknown[]) => void>)[fn]?.(
                name,
                [data],
              ),
            [channel, DISPATCH_FUNCTION, payload] as const,
          )
          .catch(() => undefined);
      }
    });
  }
}
