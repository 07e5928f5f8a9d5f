import type { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Parser, type Element } from '@xmpp/xml';
import { samplePushes } from '../dev/samples.ts';
import { serializePush } from './push-codec.ts';
import {
  MAX_ELEMENT_CHARS,
  XmppStreamParser,
  type StreamParseError,
} from './xmpp-stream-parser.ts';

const HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='s1' version='1.0' xml:lang='en'>";

/** Stanzas with what a server may send: entities, CDATA, both quotes, whitespace. */
const TRICKY = [
  '<message from="a@b/c" id="e1"><body>Tom &amp; Jerry &lt;3 &gt; &quot;x&quot; &apos;y&apos; &#x4e2d;&#25991;</body></message>',
  "<iq type='result' id='q&amp;1' to='a@b/c'><query xmlns='jabber:iq:roster'/></iq>",
  '<message id="c1"><body><![CDATA[<not a tag> & raw]]></body></message>',
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
    type Case = [name: string, xml: string, reason: RegExp];
    const badFormat: Case[] = [
      ['an illegal character reference', '<message><body>&#0;</body></message>', /character/i],
      ['a malformed entity reference', '<message><body>&a b;</body></message>', /entity/i],
      ['a mismatched end tag', '<message><body>x</subject></message>', /must be closed/],
      ['an unquoted attribute', '<message id=1/>', /unquoted/],
      ['an attribute without a value', '<message id/>', /malformed attribute/],
      ['"<" in an attribute value', '<message id="a<b"/>', /"<"/],
      ['text outside a stanza', 'hello<message/>', /outside a stanza/],
      ['an attribute named __proto__', '<message __proto__="x"/>', /__proto__/],
    ];
    // RFC 6120 §11.1: an XMPP entity must not accept these.
    const restrictedXml: Case[] = [
      ['an unknown entity', '<message><body>&bogus;</body></message>', /entity/i],
      ['an unknown entity in an attribute', '<message id="&nope;"/>', /entity/i],
      ['a document type declaration', '<!DOCTYPE x [<!ENTITY a "b">]><message/>', /document type/],
      ['a comment in a stanza', '<message><body>a<!-- c -->b</body></message>', /comment/],
      ['a comment between stanzas', '<!-- c --><message/>', /comment/],
      ['a processing instruction', '<message><?php echo 1 ?></message>', /processing instruction/],
      [
        'an XML declaration inside the stream',
        "<?xml version='1.0'?><message/>",
        /processing instruction/,
      ],
    ];
    function expectRejected(xml: string, reason: RegExp, condition: string) {
      const parser = new XmppStreamParser();
      const { elements, error } = parse(parser, [HEADER, xml, '<message id="after"/>']);
      expect(error?.name).toBe('XMLError');
      expect(error?.message).toMatch(reason);
      expect((error as StreamParseError | null)?.condition).toBe(condition);
      expect(elements).toEqual([]);
    }
    it.each(badFormat)('%s', (_, xml, reason) => expectRejected(xml, reason, 'bad-format'));
    it.each(restrictedXml)('%s', (_, xml, reason) => expectRejected(xml, reason, 'restricted-xml'));

    it('a processing instruction before the stream other than the XML declaration', () => {
      const { root, error } = parse(new XmppStreamParser(), ['<?evil x?>', HEADER.slice(21)]);
      expect((error as StreamParseError | null)?.condition).toBe('restricted-xml');
      expect(root).toBeNull();
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

describe(`an element over MAX_ELEMENT_CHARS (${MAX_ELEMENT_CHARS / 1024 / 1024} MiB) ends the stream`, () => {
  const READ = 16 * 1024;
  const open = '<message id="big"><body>';
  const close = '</body></message>';

  /** Feeds the stream in 16 KB reads: the header, `open`, `total` characters of `filler`, `close`. */
  function feed(total: number, filler: string) {
    const parser = new XmppStreamParser();
    const elements: Element[] = [];
    const errors: StreamParseError[] = [];
    /** Reads written until (and with) the one that brought the error. */
    let readsToError = 0;
    parser.on('element', (element: Element) => elements.push(element));
    parser.on('error', (error: StreamParseError) => errors.push(error));
    parser.write(HEADER + open);
    const chunk = filler.repeat(Math.ceil(READ / filler.length)).slice(0, READ);
    const started = process.cpuUsage();
    for (let sent = 0; sent < total; sent += READ) {
      if (errors.length === 0) readsToError++;
      parser.write(chunk.slice(0, Math.min(READ, total - sent)));
    }
    parser.write(close);
    const { user, system } = process.cpuUsage(started);
    return { elements, errors, readsToError, cpuMs: (user + system) / 1000 };
  }

  it('a 900 KiB stanza still parses', () => {
    const { elements, errors } = feed(900 * 1024, 'x');
    expect(errors).toEqual([]);
    expect(elements[0]?.getChildText('body')).toHaveLength(900 * 1024);
  });

  it('a 16 MiB text is refused once it passes the cap, and the rest is not parsed', () => {
    const { elements, errors, readsToError, cpuMs } = feed(16 * 1024 * 1024, 'x');
    expect(errors.map((e) => [e.condition, e.message])).toEqual([
      ['policy-violation', expect.stringMatching(/element over 1 MiB/)],
    ]);
    // The first read to take the stanza (its start tags, then 16 KB reads) past 1 MiB.
    expect(readsToError).toBe(MAX_ELEMENT_CHARS / READ);
    expect(elements).toEqual([]);
    // Without the cap this input cost about 5 s of CPU; with it, a few milliseconds.
    expect(cpuMs).toBeLessThan(1_000);
  });

  it('so is a stanza of many small children, which leaves little pending', () => {
    const { errors, readsToError } = feed(2 * 1024 * 1024, '<b>中</b>');
    expect(errors.map((e) => e.condition)).toEqual(['policy-violation']);
    expect(readsToError).toBe(MAX_ELEMENT_CHARS / READ);
  });

  it('so is a stanza that arrives whole in one read', () => {
    const parser = new XmppStreamParser();
    const { elements, error } = parse(parser, [
      HEADER + open + 'x'.repeat(MAX_ELEMENT_CHARS) + close,
    ]);
    expect((error as StreamParseError | null)?.condition).toBe('policy-violation');
    expect(elements).toEqual([]);
  });

  it('so is an unfinished start tag (pending input between stanzas)', () => {
    const parser = new XmppStreamParser();
    const { error } = parse(parser, [HEADER, `<message id="${'x'.repeat(MAX_ELEMENT_CHARS)}`]);
    expect((error as StreamParseError | null)?.condition).toBe('policy-violation');
  });

  it('whitespace between stanzas never adds up to it', () => {
    const parser = new XmppStreamParser();
    parser.write(HEADER);
    const keepalives = ' \n'.repeat(READ / 2);
    for (let sent = 0; sent < 2 * MAX_ELEMENT_CHARS; sent += READ) parser.write(keepalives);
    const { elements, error } = parse(parser, ['<message id="after"/>']);
    expect(error).toBeNull();
    expect(elements).toHaveLength(1);
  });
});

function collect(parser: XmppStreamParser, text: string): Element[] {
  const elements: Element[] = [];
  parser.on('element', (element: Element) => elements.push(element));
  parser.write(text);
  return elements;
}
