import { describe, expect, test } from 'vitest';
import { isUserJid, normalizeBareJid } from './jid.ts';

describe('isUserJid: the one rule for an address someone typed or sent', () => {
  test.each([
    'alice@example.com',
    'Alice.O-Neil+tag@Example.COM',
    '张三@例子.中国',
    'bob@localhost',
    'ops@[::1]',
    'ops@[127.0.0.1]',
  ])('accepts %s', (jid) => {
    expect(isUserJid(jid)).toBe(true);
  });

  test.each([
    ['empty', ''],
    ['no localpart', '@example.com'],
    ['no domain', 'alice@'],
    ['no @', 'example.com'],
    ['two @', 'a@b@example.com'],
    ['a space', 'alice smith@example.com'],
    ['a control character', 'alice\u0007@example.com'],
    ['a quote in the localpart', `o'neil@example.com`],
    ['a colon in the localpart', 'a:b@example.com'],
    ['a full-width @', 'alice\uFF20example.com'],
    ['a domain ending in a dot', 'alice@example.'],
    ['an underscore in the domain', 'alice@my_host'],
    ['a resource', 'alice@example.com/phone'],
    ['too long', `${'a'.repeat(1020)}@example.com`],
  ])('refuses %s', (_what, jid) => {
    expect(isUserJid(jid)).toBe(false);
  });

  test('a resource only where a full JID is allowed, and never empty or with spaces', () => {
    expect(isUserJid('alice@example.com/phone', { resource: 'allowed' })).toBe(true);
    expect(isUserJid('alice@example.com/', { resource: 'allowed' })).toBe(false);
    expect(isUserJid('alice@example.com/my phone', { resource: 'allowed' })).toBe(false);
  });
});

describe('normalizeBareJid: the form two addresses are compared in', () => {
  test('drops the resource and lowercases ASCII only (the Kelvin sign stays itself)', () => {
    expect(normalizeBareJid('Notify@Example.COM/gateway')).toBe('notify@example.com');
    expect(normalizeBareJid('\u212Aelvin@example.com')).toBe('\u212Aelvin@example.com');
    expect(normalizeBareJid('example.com')).toBe('example.com');
    expect(normalizeBareJid('@example.com')).toBeNull();
    expect(normalizeBareJid('a@b@example.com')).toBeNull();
  });
});
