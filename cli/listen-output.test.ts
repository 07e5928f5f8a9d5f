import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createEventPrinter } from './listen-output.ts';
import { makePush } from '../test/support/pushes.ts';

function collectingStream(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, writes };
}

describe('herald listen output', () => {
  it('prints the pushes of one announced batch in one write, once the batch is done', async () => {
    const { stream, writes } = collectingStream();
    const print = createEventPrinter({ json: true, verbose: false, out: stream });
    const decision = { action: 'coalesce' } as const;
    for (const id of ['a', 'b', 'c'])
      print.push({ push: makePush({ id }), source: 'live', decision });
    expect(writes).toEqual([]);

    await new Promise((resolve) => process.nextTick(resolve));
    expect(writes).toHaveLength(1);
    const lines = (writes[0] ?? '')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; id: string });
    expect(lines.map((l) => `${l.type} ${l.id}`)).toEqual([
      'push a',
      'notification a',
      'push b',
      'notification b',
      'push c',
      'notification c',
    ]);

    print.push({ push: makePush({ id: 'd' }), source: 'live', decision });
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
    expect(writes[1]).toContain('"id":"d"');
  });
});
