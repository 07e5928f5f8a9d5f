import type { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Parser, type Element } from '@xmpp/xml';
import { samplePushes } from '../dev/samples.ts';
import { serializePush } from './push-codec.ts';
import { XmppStreamParser } from './xmpp-stream-parser.ts';

const HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='s1' version='1.0' xml:lang='en'>";

/** Stanzas with what a server may send: entities, CDATA, comments, both quotes, whitespace. */
const TRICKY = [
  '<message from="a@b/c" id="e1"><body>Tom &amp; Jerry &lt;3 &gt; &quot;x&quot; &apos;y&apos; &#x4e2d;&#25991;</body></message>',
  "<iq type='result' id='q&amp;1' to='a@b/c'><query xmlns='jabber:iq:roster'/></iq>",
  '<message id="c1"><body><![CDATA[<not a tag> & raw]]></body><!-- a comment --></message>',
  '<presence\n  from = "a@b/c"\tid="p1" ><status>out &#10;there</status></presence>',
  '<r xmlns="urn:xmpp:sm:3"/>',
  '<message id="g1"><body>a > b, "quoted" and \'single\'</body><x xmlns="jabber:x:data" type="form"><field var="a/b"/></x></message>',
  '<message id="z1"><body>审批：采购申请已提交 🚀</body><subject/></message>',
];

function stanzasFor(): string[] {
  return [
    ...samplePushes.map((push) => serializePush(push, 'alice@localhost').toString()),
    ...TRICKY,
  ];
}

type StreamParser = Pick<EventEmitter, 'on'> & { write(data: string): void };

/** Feeds the reads to a parser; what it emitted, as XML, plus the first error. */
function parse(parser: StreamParser, reads: readonly string[]) {
  const elements: string[] = [];
  let root: Element | null = null;
  let error: Error | null = null;
  parser.on('start', (element: Element) => (root = element));
  parser.on('element', (element: Element) => elements.push(element.toString()));
  parser.on('error', (e: Error) => (error ??= e));
  for (const read of reads) parser.write(read);
  return { elements, root: root as Element | null, error: error as Error | null };
}

/** Deterministic cut points, so a failure names its reads. */
function cutsOf(text: string, count: number, seed: number): number[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => Math.floor(next() * text.length)).sort(
    (a, b) => a - b,
  );
}

function split(text: string, cuts: readonly number[]): string[] {
  const reads: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    reads.push(text.slice(from, cut));
    from = cut;
  }
  reads.push(text.slice(from));
  return reads;
}

describe('XmppStreamParser', () => {
  const stanzas = stanzasFor();
  const stream = HEADER + stanzas.join(' \n') + ' </stream:stream>';
  const reference = parse(new Parser(), [stream]);

  it('emits the same stanzas as @xmpp/xml for a whole stream in one read', () => {
    expect(reference.elements).toHaveLength(stanzas.length);
    expect(reference.error).toBeNull();
    const ours = parse(new XmppStreamParser(), [stream]);
    expect(ours.error).toBeNull();
    expect(ours.elements).toEqual(reference.elements);
    expect(ours.root?.attrs).toEqual(reference.root?.attrs);
  });

  it('gives the same stanzas however the stream is cut into reads', () => {
    // Every single cut point in the tricky stanzas, then many random multi-cut splits.
    const tricky = HEADER + TRICKY.join('');
    const whole = parse(new XmppStreamParser(), [tricky]).elements;
    for (let cut = 0; cut <= tricky.length; cut++) {
      const ours = parse(new XmppStreamParser(), split(tricky, [cut]));
      expect({ cut, ...ours }).toEqual({ cut, elements: whole, root: ours.root, error: null });
    }
    for (let seed = 1; seed <= 200; seed++) {
      const ours = parse(
        new XmppStreamParser(),
        split(stream, cutsOf(stream, 1 + (seed % 40), seed)),
      );
      expect({ seed, elements: ours.elements, error: ours.error }).toEqual({
        seed,
        elements: reference.elements,
        error: null,
      });
    }
  });

  it('gives stanzas the stream as parent, so their namespace is jabber:client', () => {
    const parser = new XmppStreamParser();
    const [message] = collect(parser, HEADER + '<message id="m"><body>hi</body></message>');
    expect(message?.is('message', 'jabber:client')).toBe(true);
    expect(message?.getChild('body')?.getNS()).toBe('jabber:client');
    expect(message?.getChildText('body')).toBe('hi');
  });

  it('keeps nothing of the whitespace between stanzas (keepalives over days)', () => {
    const parser = new XmppStreamParser();
    parser.write(HEADER);
    for (let i = 0; i < 1_000; i++) parser.write(' ');
    parser.write('<r xmlns="urn:xmpp:sm:3"/>\n');
    expect(parser.root?.children).toEqual([]);
  });

  it('reports the end of the stream', () => {
    const parser = new XmppStreamParser();
    let ended = false;
    parser.on('end', () => (ended = true));
    parser.write(HEADER + '<r xmlns="urn:xmpp:sm:3"/></stream:stream>');
    expect(ended).toBe(true);
  });

  describe('a malformed stream is an error event, and nothing after it is parsed', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['an unknown entity', '<message><body>&bogus;</body></message>', /entity/i],
      ['an illegal character reference', '<message><body>&#0;</body></message>', /character/i],
      ['a bad entity in an attribute', '<message id="&nope;"/>', /entity/i],
      ['a mismatched end tag', '<message><body>x</subject></message>', /must be closed/],
      ['a document type declaration', '<!DOCTYPE x [<!ENTITY a "b">]><message/>', /document type/],
      ['an unquoted attribute', '<message id=1/>', /unquoted/],
      ['an attribute without a value', '<message id/>', /malformed attribute/],
      ['"<" in an attribute value', '<message id="a<b"/>', /"<"/],
      ['text outside a stanza', 'hello<message/>', /outside a stanza/],
      ['an attribute named __proto__', '<message __proto__="x"/>', /__proto__/],
    ];
    it.each(cases)('%s', (_, xml, reason) => {
      const parser = new XmppStreamParser();
      const { elements, error } = parse(parser, [HEADER, xml, '<message id="after"/>']);
      expect(error?.name).toBe('XMLError');
      expect(error?.message).toMatch(reason);
      expect(elements).toEqual([]);
    });

    it('where @xmpp/xml threw out of write() (into the socket data handler)', () => {
      const parser = new Parser();
      parser.write(HEADER);
      expect(() => parser.write('<message><body>&bogus;</body></message>')).toThrow(/entity/);
      const ours = new XmppStreamParser();
      const errors: Error[] = [];
      ours.on('error', (error: Error) => errors.push(error));
      expect(() => ours.write(HEADER + '<m><b>&bogus;</b></m>')).not.toThrow();
      expect(errors).toHaveLength(1);
    });
  });
});

function collect(parser: XmppStreamParser, text: string): Element[] {
  const elements: Element[] = [];
  parser.on('element', (element: Element) => elements.push(element));
  parser.write(text);
  return elements;
}
