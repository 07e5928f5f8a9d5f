/**
 * The XML stream parser of Herald's connections, in place of @xmpp/xml's (which wraps ltx's
 * SAX parser): the same events and ltx Element trees, and correct where ltx is not. Text after
 * a CDATA section is kept (ltx drops it: docs/upstream.md#ltx-text-after-cdata), line ends and attribute
 * whitespace are normalized as XML requires, and a test holds its trees equal to a strict
 * parser's (saxes) on generated streams however they are cut. It is here for correctness, not
 * speed: a review measured it within 1.1–1.4× of the library's (0.5–1 µs per push).
 *
 * It parses what XMPP allows on the wire (RFC 6120 §11): elements, attributes in single or
 * double quotes, text, the five predefined entities and character references, CDATA, and the
 * XML declaration before the stream. Comments, processing instructions, DTDs and any other
 * entity reference are refused (restricted-xml), as §11.1 requires: no server sends them, so
 * one that does is not a server to trust. An element over MAX_ELEMENT_CHARS ends the stream
 * (policy-violation). Anything else (a bad character reference, a mismatched tag) is
 * bad-format. Every failure is an 'error' event (an XMLError with the stream error's
 * `condition`: the connection sends that stream error and reconnects), never an exception
 * thrown into the socket's data handler.
 */
import { EventEmitter } from 'node:events';
import { Element, unescapeXML, XMLError } from '@xmpp/xml';

/**
 * The largest element (a stanza, or unparsed input between stanzas) accepted, in UTF-16 code
 * units (1 MiB of ASCII, up to 3 MiB of UTF-8). Why: each read re-scans what is pending (16 MB
 * in 16 KB reads cost 5 s of main-thread time; 1 MiB, under 0.1 s), and no honest server sends
 * that much (Prosody's default stanza limit and ejabberd's shipped one are 256 KiB).
 */
export const MAX_ELEMENT_CHARS = 1024 * 1024;

/** The RFC 6120 §4.9.3 stream error conditions this parser's failures call for. */
export type StreamErrorCondition = 'bad-format' | 'restricted-xml' | 'policy-violation';

/** A parse failure, with the stream error the connection answers it with. */
export class StreamParseError extends XMLError {
  readonly condition: StreamErrorCondition;

  constructor(message: string, condition: StreamErrorCondition) {
    super(message);
    this.condition = condition;
  }
}

const GT = 62; // >
const SLASH = 47; // /
const EQUALS = 61; // =
const QUOTE = 34; // "
const APOSTROPHE = 39; // '
const SPACE = 32; // this and below: whitespace (and control characters, not valid anyway)

/** Marks an incomplete construct at the end of the input (wait for the next write), or a failure. */
const INCOMPLETE = -1;

const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const COMMENT_OPEN = '<!--';

export class XmppStreamParser extends EventEmitter {
  /** The stream's root element (<stream:stream>), once it has opened. */
  root: Element | null = null;
  /** The element being built; the root between stanzas. */
  cursor: Element | null = null;
  /** Input not parsed yet: an incomplete tag, or text that may continue. */
  #pending = '';
  /** How much of #pending is text already known to hold no '<'. */
  #scannedText = 0;
  /** Where the stanza being built starts in the current input (-1: between stanzas)… */
  #stanzaStart = -1;
  /** …and how many of its characters earlier writes consumed (no longer in #pending). */
  #stanzaConsumed = 0;
  #failure: StreamParseError | null = null;

  /** Why parsing stopped for good; null while it goes on. */
  get failure(): StreamParseError | null {
    return this.#failure;
  }

  write(data: string): void {
    if (this.#failure) return;
    const input = this.#pending === '' ? data : this.#pending + data;
    let pos = 0;
    while (pos < input.length) {
      const lt = input.indexOf('<', pos === 0 ? this.#scannedText : pos);
      if (lt === -1) break;
      if (lt > pos) this.#text(input, pos, lt);
      if (this.#failure) return;
      const next = this.#markup(input, lt);
      if (this.#failure) return;
      if (next === INCOMPLETE) {
        this.#keep(input, lt, 0);
        return;
      }
      pos = next;
    }
    if (this.#stanzaStart === -1 && pos < input.length) {
      // Between stanzas: whitespace (keepalives) is checked and dropped, not kept for days.
      this.#text(input, pos, input.length);
      pos = input.length;
    }
    // Text in a stanza with no tag after it yet: it is emitted whole, once its end is known.
    this.#keep(input, pos, input.length - pos);
  }

  end(data?: string): void {
    if (data) this.write(data);
  }

  #keep(input: string, from: number, scannedText: number): void {
    if (this.#failure) return;
    this.#pending = from >= input.length ? '' : input.slice(from);
    this.#scannedText = scannedText;
    const inStanza = this.#stanzaStart !== -1;
    const size = inStanza
      ? this.#stanzaConsumed + input.length - this.#stanzaStart
      : this.#pending.length;
    if (size > MAX_ELEMENT_CHARS) {
      this.#fail(tooLarge(size), 'policy-violation');
    } else if (inStanza) {
      // The next input starts with #pending: the stanza's start is then at 0.
      this.#stanzaConsumed = size - this.#pending.length;
      this.#stanzaStart = 0;
    }
  }

  /** Parses the markup at `lt`; returns where it ends, or INCOMPLETE. */
  #markup(input: string, lt: number): number {
    if (lt + 1 >= input.length) return INCOMPLETE;
    const next = input.charCodeAt(lt + 1);
    if (next === SLASH) return this.#endTag(input, lt);
    if (next === 33 /* ! */) return this.#declaration(input, lt);
    if (next === 63 /* ? */) return this.#processingInstruction(input, lt);
    return this.#startTag(input, lt);
  }

  #endTag(input: string, lt: number): number {
    const gt = input.indexOf('>', lt + 2);
    if (gt === -1) return INCOMPLETE;
    this.#close(input.slice(lt + 2, gt).trimEnd(), gt + 1);
    return gt + 1;
  }

  /** <![CDATA[…]]> is text; a comment, a DOCTYPE (or anything else) is refused. */
  #declaration(input: string, lt: number): number {
    const start = input.slice(lt, lt + CDATA_OPEN.length);
    for (const open of [CDATA_OPEN, COMMENT_OPEN]) {
      if (start.length < open.length && open.startsWith(start)) return INCOMPLETE;
    }
    if (start.startsWith(COMMENT_OPEN)) {
      return this.#restricted('a comment');
    }
    if (!start.startsWith(CDATA_OPEN)) {
      return this.#restricted('a document type declaration');
    }
    const end = input.indexOf(CDATA_CLOSE, lt + CDATA_OPEN.length);
    if (end === -1) return INCOMPLETE;
    const { cursor, root } = this;
    if (cursor === null || cursor === root) return this.#fail('text outside a stanza');
    cursor.t(normalizeLineEnds(input.slice(lt + CDATA_OPEN.length, end)));
    return end + CDATA_CLOSE.length;
  }

  /** The XML declaration may open the stream; any other processing instruction is refused. */
  #processingInstruction(input: string, lt: number): number {
    if (this.root) return this.#restricted('a processing instruction');
    const end = input.indexOf('?>', lt + 2);
    if (end === -1) return INCOMPLETE;
    const target = input.slice(lt + 2, skipName(input, lt + 2));
    if (target !== 'xml') return this.#restricted(`a processing instruction <?${target}>`);
    return end + 2;
  }

  #startTag(input: string, lt: number): number {
    const length = input.length;
    let i = skipName(input, lt + 1);
    if (i >= length) return INCOMPLETE;
    const name = input.slice(lt + 1, i);
    if (name === '') return this.#fail('an element without a name');
    const attrs: Record<string, string> = {};
    for (;;) {
      i = skipSpace(input, i);
      if (i >= length) return INCOMPLETE;
      const c = input.charCodeAt(i);
      if (c === GT) {
        this.#open(name, attrs, lt);
        return i + 1;
      }
      if (c === SLASH) {
        if (i + 1 >= length) return INCOMPLETE;
        if (input.charCodeAt(i + 1) !== GT) return this.#fail(`<${name}> has a stray "/"`);
        this.#open(name, attrs, lt);
        this.#close(name, i + 2);
        return this.#failure ? INCOMPLETE : i + 2;
      }
      const nameStart = i;
      i = skipName(input, i);
      const attrName = input.slice(nameStart, i);
      i = skipSpace(input, i);
      if (i >= length) return INCOMPLETE;
      if (input.charCodeAt(i) !== EQUALS || attrName === '')
        return this.#fail(`<${name}> has a malformed attribute`);
      i++;
      i = skipSpace(input, i);
      if (i >= length) return INCOMPLETE;
      const quote = input.charCodeAt(i);
      if (quote !== QUOTE && quote !== APOSTROPHE)
        return this.#fail(`<${name}> has an unquoted attribute`);
      const close = input.indexOf(quote === QUOTE ? '"' : "'", i + 1);
      if (close === -1) return INCOMPLETE;
      const raw = input.slice(i + 1, close);
      if (raw.includes('<')) return this.#fail(`<${name}> has "<" in an attribute`);
      // attrs is a plain object, as ltx's are: "__proto__" would set its prototype.
      const value = this.#unescape(normalizeAttributeSpace(raw));
      if (value === null) return INCOMPLETE;
      if (attrName === '__proto__') return this.#fail(`<${name}> has an attribute named __proto__`);
      attrs[attrName] = value;
      i = close + 1;
    }
  }

  #open(name: string, attrs: Record<string, string>, lt: number): void {
    const element = new Element(name);
    element.attrs = attrs;
    const { root, cursor } = this;
    if (!root) {
      this.root = element;
      this.emit('start', element);
    } else if (cursor !== root) {
      cursor?.append(element);
    } else {
      this.#stanzaStart = lt;
      this.#stanzaConsumed = 0;
    }
    this.cursor = element;
  }

  /** Closes the element named `name`, whose end tag ends at `end` in the input. */
  #close(name: string, end: number): void {
    const { root, cursor } = this;
    if (!root || !cursor) {
      this.#fail(`</${name}> closes nothing`);
      return;
    }
    if (name !== cursor.name) {
      this.#fail(`${cursor.name} must be closed.`);
      return;
    }
    if (cursor === root) {
      this.emit('end', root);
      return;
    }
    if (!cursor.parent) {
      // A stanza complete in one write is measured here, one spread over writes by #keep too.
      const size = this.#stanzaConsumed + end - this.#stanzaStart;
      this.#stanzaStart = -1;
      if (size > MAX_ELEMENT_CHARS) {
        this.#fail(tooLarge(size), 'policy-violation');
        return;
      }
      // A stanza: its namespace comes from the stream (jabber:client), as with @xmpp/xml.
      cursor.parent = root;
      this.cursor = root;
      this.emit('element', cursor);
      return;
    }
    this.cursor = cursor.parent;
  }

  #text(input: string, from: number, to: number): void {
    const { cursor, root } = this;
    // Between stanzas (whitespace keepalives) and before the stream: nothing to keep.
    if (cursor === null || cursor === root) {
      if (input.slice(from, to).trim() !== '') this.#fail('text outside a stanza');
      return;
    }
    const text = this.#unescape(normalizeLineEnds(input.slice(from, to)));
    if (text !== null) cursor.t(text);
  }

  #unescape(raw: string): string | null {
    if (!raw.includes('&')) return raw;
    try {
      return unescapeXML(raw);
    } catch (error) {
      // An entity reference well formed but not predefined is §11.1's; any other, bad-format.
      const condition = UNDECLARED_ENTITY.test(raw) ? 'restricted-xml' : 'bad-format';
      this.#fail(error instanceof Error ? error.message : String(error), condition);
      return null;
    }
  }

  /** RFC 6120 §11.1: XML that an XMPP entity must not accept. */
  #restricted(what: string): number {
    return this.#fail(`${what} (not allowed in an XMPP stream)`, 'restricted-xml');
  }

  /** Stops parsing for good and reports why; returns INCOMPLETE for the caller to pass on. */
  #fail(reason: string, condition: StreamErrorCondition = 'bad-format'): number {
    if (!this.#failure) {
      this.#failure = new StreamParseError(reason, condition);
      this.#pending = '';
      this.emit('error', this.#failure);
    }
    return INCOMPLETE;
  }
}

/** The stream error condition a failed XmppStreamParser calls for; null for anything else. */
export function failedCondition(parser: unknown): StreamErrorCondition | null {
  return parser instanceof XmppStreamParser ? (parser.failure?.condition ?? null) : null;
}

function tooLarge(size: number): string {
  const limit = `${MAX_ELEMENT_CHARS / 1024 / 1024} MiB`;
  return `the server sent an element over ${limit} (${size.toLocaleString('en')} characters so far)`;
}

const UNDECLARED_ENTITY = /&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z_:][\w.:-]*;/;

/** XML §2.11: CR LF and a lone CR are read as LF. */
function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** XML §3.3.3: each literal tab, line end (CR LF counts once) is a space in an attribute value. */
function normalizeAttributeSpace(raw: string): string {
  return /[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw;
}

/** A name runs up to whitespace, "/", ">", "=" or "<" (a sticky regex outruns a loop here). */
const NAME = /[^\t\n\r />=<]*/y;

function skipName(input: string, from: number): number {
  NAME.lastIndex = from;
  NAME.test(input);
  return NAME.lastIndex;
}

function skipSpace(input: string, from: number): number {
  let i = from;
  while (i < input.length && input.charCodeAt(i) <= SPACE) i++;
  return i;
}
