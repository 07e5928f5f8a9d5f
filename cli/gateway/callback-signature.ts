/**
 * How a callback proves it comes from this gateway (docs/pushing.md, "Callbacks"): an
 * HMAC-SHA256 over the send time and the raw body, keyed with the token's callbackSecret.
 * The time inside the signature lets a receiver refuse an old request replayed later.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'herald-signature';
export const EVENT_ID_HEADER = 'herald-event-id';

/** The `Herald-Signature` value: `t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">`. */
export function signCallback(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
