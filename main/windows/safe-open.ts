/**
 * The one audited route to the system browser. Message content is untrusted input: only a URL
 * that parses and is http(s) goes to `shell.openExternal` (injected), nothing else ever does.
 */

/** The URL to hand the browser, normalised by `new URL`, or null when it must not be opened. */
export function toSafeWebUrl(candidate: unknown): string | null {
  if (typeof candidate !== 'string' || candidate.length > 4096) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // Credentials in a link are a phishing trick ("https://bank.com@evil.example"), never needed here.
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}

/** Opens an http(s) URL in the browser; false (and nothing opened) for anything else. */
export async function safelyOpenWebUrl(
  candidate: unknown,
  openExternal: (url: string) => Promise<void> | void,
): Promise<boolean> {
  const url = toSafeWebUrl(candidate);
  if (url === null) return false;
  await openExternal(url);
  return true;
}
