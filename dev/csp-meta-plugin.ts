/**
 * Adds the strict CSP <meta> to the renderer's pages in built output only. The source HTML
 * carries none: under `npm run dev` a strict meta policy would block React's inline refresh
 * preamble and Vite's HMR websocket (a blank window), and main already sends the dev policy
 * as a header there. The packaged app loads the pages from file://, where the meta tag is
 * what applies, so it must be in every built page.
 */
import type { Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from '../main/windows/web-security.ts';

const CHARSET_META = /<meta charset="[^"]*"\s*\/?>/i;

/** The tag, exactly as it appears in out/renderer/*.html. */
export function cspMetaTag(policy: string = META_CONTENT_SECURITY_POLICY): string {
  // The policy is written into a double-quoted attribute as is; its quotes are single ones.
  if (/["<>&]/.test(policy)) throw new Error(`CSP policy needs HTML escaping: ${policy}`);
  return `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
}

/**
 * The page as built: the tag right after <meta charset>. A meta policy governs only what comes
 * after it, and Vite appends the page's module script and stylesheets to <head>.
 */
export function withCspMeta(
  html: string,
  page: string,
  policy: string = META_CONTENT_SECURITY_POLICY,
): string {
  if (!CHARSET_META.test(html)) throw new Error(`${page} has no <meta charset>`);
  const tag = cspMetaTag(policy);
  return html.replace(CHARSET_META, (charset) => `${charset}\n    ${tag}`);
}

export function cspMetaPlugin(policy: string = META_CONTENT_SECURITY_POLICY): Plugin {
  cspMetaTag(policy); // fail at config load, not mid-build, on a policy that needs escaping
  return {
    name: 'herald:csp-meta',
    apply: 'build',
    transformIndexHtml: (html, context) => withCspMeta(html, context.path, policy),
  };
}
