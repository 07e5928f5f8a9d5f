/**
 * JIDs: the one rule for what Herald accepts as an address (from the user, a flag or an HTTP
 * body), and the one form in which two addresses are compared. Callers keep their own words
 * for a refusal; the rule lives here.
 *
 * Accepted (RFC 7622, as far as Herald needs it): `local@domain`, optionally `/resource`
 * where a full JID is allowed; no whitespace or control characters; a localpart without the
 * characters RFC 7622 §3.3.1 forbids (" & ' / : < > @); a domain of letters, digits, dots
 * and hyphens, or an IP literal in brackets; at most 1023 characters.
 */

const LOCALPART = /^[^\s\p{Cc}"&'/:<>@]+$/u;
const DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}.-]*[\p{L}\p{N}])?|\[[0-9A-Fa-f:.]+\])$/u;
const RESOURCE = /^[^\s\p{Cc}]+$/u;
const MAX_LENGTH = 1023;

/** Whether `text` is a bare JID (`user@example.com`), or also a full one when allowed. */
export function isUserJid(
  text: string,
  options: { resource?: 'forbidden' | 'allowed' } = {},
): boolean {
  if (text.length > MAX_LENGTH) return false;
  const slash = text.indexOf('/');
  const bare = slash === -1 ? text : text.slice(0, slash);
  if (slash !== -1 && (options.resource !== 'allowed' || !RESOURCE.test(text.slice(slash + 1)))) {
    return false;
  }
  const at = bare.indexOf('@');
  if (at === -1) return false;
  return LOCALPART.test(bare.slice(0, at)) && DOMAIN.test(bare.slice(at + 1));
}

/**
 * Bare JID for comparison: resource dropped, localpart and domain lowercased in ASCII only.
 * Unicode case folding is deliberately not applied: `toLowerCase()` maps the Kelvin sign
 * (U+212A) to "k", which would let a look-alike account match a system JID. Full-width and
 * Cyrillic characters therefore never equal their ASCII look-alikes. Null when unusable.
 */
export function normalizeBareJid(address: string): string | null {
  const slash = address.indexOf('/');
  const bare = slash === -1 ? address : address.slice(0, slash);
  const at = bare.indexOf('@');
  const local = at === -1 ? '' : bare.slice(0, at);
  const domain = at === -1 ? bare : bare.slice(at + 1);
  if (domain === '' || (at !== -1 && local === '') || domain.includes('@')) return null;
  return (local === '' ? '' : `${asciiLower(local)}@`) + asciiLower(domain);
}

const ASCII_UPPER = /[A-Z]/;

function asciiLower(text: string): string {
  // Addresses are almost always lowercase already; this runs several times per stanza.
  if (!ASCII_UPPER.test(text)) return text;
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}
