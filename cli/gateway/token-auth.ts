/**
 * Bearer tokens for the gateway. Every presented token is compared with every configured one
 * in constant time (over SHA-256 digests, so lengths leak nothing either), and the loop never
 * stops early: the answer takes the same time whichever token matched, or none.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface ApiToken {
  /** Shown in logs and used as the rate-limit key; never the secret itself. */
  name: string;
  secret: string;
  /** Signs the callbacks of this token's pushes (callback-signature.ts); none: no callbacks. */
  callbackSecret?: string;
}

export const MIN_TOKEN_LENGTH = 16;

export class TokenVerifier {
  readonly #tokens: Array<{ name: string; digest: Buffer }>;

  constructor(tokens: readonly ApiToken[]) {
    this.#tokens = tokens.map((token) => ({ name: token.name, digest: digest(token.secret) }));
  }

  /** The token's name for an `Authorization` header value, or null. */
  verify(header: string | undefined): string | null {
    const presented = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
    if (presented === undefined) return null;
    const presentedDigest = digest(presented);
    let match: string | null = null;
    for (const token of this.#tokens) {
      if (timingSafeEqual(token.digest, presentedDigest) && match === null) match = token.name;
    }
    return match;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
