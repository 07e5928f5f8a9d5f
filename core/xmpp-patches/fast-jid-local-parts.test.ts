import { describe, expect, it, vi } from 'vitest';
import { jid } from '@xmpp/client';
import { useFastJidLocalParts } from './fast-jid-local-parts.ts';

/** String.replaceAll calls while parsing one ordinary address (XEP-0106's check makes ten). */
function replaceAllCallsParsingAnAddress(): number {
  const replaceAll = vi.spyOn(String.prototype, 'replaceAll');
  try {
    jid('notify@example.com/gateway-1');
    return replaceAll.mock.calls.length;
  } finally {
    replaceAll.mockRestore();
  }
}

const addresses = [
  'notify@example.com/gateway-1',
  'Alice@Example.COM/Desk',
  '张三@例子.cn/电脑',
  'd\\27artagnan@musketeers.lit',
  "d'artagnan@musketeers.lit",
  'space\\20cadet@example.com',
  'c:\\5cnet@example.com',
  'a\\40b@example.com',
  'example.com',
  'example.com/resource',
];
const describeJid = (address: string) => {
  const parsed = jid(address);
  return [parsed.toString(), parsed.local, parsed.getLocal(true), parsed.bare().toString()];
};
const built = () => [
  jid("d'artagnan", 'musketeers.lit', 'r').toString(),
  jid('Bob', 'x.org').toString(),
];

// The patch is process-wide and cannot be undone: the library's own results are taken
// first, in this order (Vitest runs a file's tests in order, each file in its own module
// registry).
const library = { parsed: addresses.map(describeJid), built: built() };

describe('useFastJidLocalParts', () => {
  it('(without it, every local part goes through the XEP-0106 check)', () => {
    expect(replaceAllCallsParsingAnAddress()).toBeGreaterThanOrEqual(10);
  });

  it('skips that check for a local part without escapable characters', () => {
    useFastJidLocalParts();
    expect(replaceAllCallsParsingAnAddress()).toBe(0);
  });

  it('gives every JID exactly what @xmpp/jid gives, escapable characters or not', () => {
    useFastJidLocalParts();
    useFastJidLocalParts(); // once is enough; a second call changes nothing
    expect(addresses.map(describeJid)).toEqual(library.parsed);
    expect(built()).toEqual(library.built);
  });
});
