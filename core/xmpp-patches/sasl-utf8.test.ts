import { describe, expect, it } from 'vitest';
import { unconnectedClient } from '../../test/support/local-xmpp.ts';
import { saslMechanismsOf } from './internals.ts';
import { encodeSaslAsUtf8 } from './sasl-utf8.ts';

describe('encodeSaslAsUtf8', () => {
  const credentials = { username: 'José张三', password: 'pw-密码' };
  type Plain = { response(credentials: object): string };
  const plainOf = (xmpp: ReturnType<typeof unconnectedClient>) => {
    const Mechanism = saslMechanismsOf<Plain>(xmpp).find((m) => m.name === 'PLAIN')?.mech;
    if (!Mechanism) throw new Error('no PLAIN registered');
    return new Mechanism();
  };

  it('PLAIN sends the UTF-8 bytes of a non-ASCII name and password', () => {
    const xmpp = unconnectedClient();
    encodeSaslAsUtf8(xmpp);
    const wire = Buffer.from(btoa(plainOf(xmpp).response(credentials)), 'base64');
    expect(wire.toString('utf8')).toBe('\0José张三\0pw-密码');
  });

  it('(without it, btoa throws on the same response: the login that timed out)', () => {
    expect(() => btoa(plainOf(unconnectedClient()).response(credentials))).toThrow();
  });
});
