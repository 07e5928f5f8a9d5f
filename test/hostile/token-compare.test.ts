/**
 * Hostile-input suite, the gateway's token check (cli/gateway/token-auth.ts) at unit level:
 * whether a guess is compared in constant time is shown by what the verifier does, not by
 * timing it. Every configured token is compared, with a fixed-length digest, whichever
 * token matches, or none; the first match wins even when the loop carries on.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type * as Crypto from 'node:crypto';
import { TokenVerifier } from '../../cli/gateway/token-auth.ts';

const compared = vi.hoisted(() => [] as Array<[number, number]>);

vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof Crypto>();
  return {
    ...crypto,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([a.byteLength, b.byteLength]);
      return crypto.timingSafeEqual(a, b);
    },
  };
});

const TOKENS = Array.from({ length: 5 }, (_, i) => ({
  name: `client-${i}`,
  secret: `secret-${i}-${'s'.repeat(24 + i * 7)}`,
}));
const verifier = new TokenVerifier(TOKENS);

beforeEach(() => {
  compared.length = 0;
});

describe('constant-time token comparison', () => {
  test.each([
    ['the first token', `Bearer ${TOKENS[0]!.secret}`, 'client-0'],
    ['the middle token', `Bearer ${TOKENS[2]!.secret}`, 'client-2'],
    ['the last token', `Bearer ${TOKENS[4]!.secret}`, 'client-4'],
    ['no token (a guess)', 'Bearer not-a-token-0000000000000000', null],
    ['a one-character guess', 'Bearer x', null],
    ['a 10,000-character guess', `Bearer ${'g'.repeat(10_000)}`, null],
    ['the first token minus its last character', `Bearer ${TOKENS[0]!.secret.slice(0, -1)}`, null],
  ])('%s: compared with all 5 tokens, 32 bytes against 32 bytes', (_name, header, name) => {
    expect(verifier.verify(header)).toBe(name);
    expect(compared).toEqual(Array.from({ length: TOKENS.length }, () => [32, 32]));
  });

  test('two tokens with the same secret: the first name wins, and all are still compared', () => {
    const twice = new TokenVerifier([
      { name: 'a', secret: 'same-secret-0123456789' },
      { name: 'b', secret: 'same-secret-0123456789' },
      { name: 'c', secret: 'other-secret-012345678' },
    ]);
    expect(twice.verify('Bearer same-secret-0123456789')).toBe('a');
    expect(compared).toHaveLength(3);
  });

  test('a header that is not a bearer token is refused before any comparison (it holds no secret)', () => {
    for (const header of [undefined, '', 'Basic abc', 'Bearer', `Bearer\t${TOKENS[0]!.secret}`]) {
      expect(verifier.verify(header)).toBeNull();
    }
    expect(compared).toEqual([]);
  });
});
