/**
 * PATCH (speed): SCRAM-SHA-1 with the salted password derived by node:crypto.
 *
 * Without it: sasl-scram-sha-1 (what @xmpp/sasl-scram-sha-1 registers) runs PBKDF2 as
 * 2 × 10,000 awaited WebCrypto HMAC calls (Prosody's iteration count): 0.7 s of wall time
 * and 0.5 s of CPU per login, on every reconnect. Natively it takes under 2 ms
 * (docs/performance.md). Logins still succeed without it, only slower.
 * Upstream: none filed; docs/upstream.md#scram-pbkdf2.
 * Written for: @xmpp/sasl 0.14.0, @xmpp/sasl-scram-sha-1 0.14.0 and sasl-scram-sha-1 1.4.0
 * (replaces an entry of the private `saslFactory._mechs`, reads the mechanism's private
 * `_stage`, `_salt` and `_iterationCount`).
 */
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import type { Client } from '@xmpp/client';
import { saslMechanismsOf } from './internals.ts';
import type { PatchInfo } from './patch-info.ts';

export const nativeScramPatch: PatchInfo = {
  name: 'useNativeScram',
  kind: 'speed',
  writtenFor: {
    '@xmpp/sasl': '0.14.0',
    '@xmpp/sasl-scram-sha-1': '0.14.0',
    'sasl-scram-sha-1': '1.4.0',
  },
  upstream: 'docs/upstream.md#scram-pbkdf2',
};

interface ScramCredentials {
  password?: string;
  salt?: Uint8Array;
  saltedPassword?: Uint8Array;
}

/** The parts of sasl-scram-sha-1's Mechanism used below. */
interface ScramMechanism {
  _stage: string;
  _salt: Uint8Array;
  _iterationCount: number;
  response(credentials: ScramCredentials): Promise<string> | string;
}

const pbkdf2Async = promisify(pbkdf2);

/**
 * The library's own mechanism still does everything else: it accepts a precomputed salted
 * password for the salt the server sent (its reconnect cache).
 */
export function useNativeScram(xmpp: Client): void {
  const entry = saslMechanismsOf<ScramMechanism>(xmpp).find(
    (registered) => registered.name === 'SCRAM-SHA-1',
  );
  if (!entry) return;
  const LibraryScram = entry.mech;
  class NativeScram extends LibraryScram {
    override response(credentials: ScramCredentials): Promise<string> | string {
      if (this._stage !== 'challenge' || typeof credentials.password !== 'string')
        return super.response(credentials);
      const salt = this._salt;
      // Hi() of RFC 5802 is PBKDF2 with HMAC-SHA-1 and one 20-byte block.
      return pbkdf2Async(credentials.password, salt, this._iterationCount, 20, 'sha1').then((key) =>
        super.response({ ...credentials, salt, saltedPassword: new Uint8Array(key) }),
      );
    }
  }
  entry.mech = NativeScram;
}
