/**
 * The XML stream parser of Herald's connections, in place of @xmpp/xml's (which wraps ltx's
 * character-by-character SAX parser): the same events and the same ltx Element trees, built
 * by jumping from one markup character to the next with indexOf. A drain spent about a
 * sixth of its main-thread time in the old parser.
 *
 * It parses what XMPP allows on the wire (RFC 6120 §11): elements, attributes in single or
 * double quotes, text, the five predefined entities and character references, CDATA;
 * comments and processing instructions (the XML declaration) are skipped. Anything else,
 * a bad entity included, is an 'error' event (the connection answers with a bad-format
 * stream error and reconnects), never an exception thrown into the socket's data handler.
 */
import { EventEmitter } from 'node:events';
import { Element, unescapeXML, XMLError } from '@xmpp/xml';

const GT = 62; // >
const SLASH = 47; // /
const EQUALS = 61; // =
const QUOTE = 34; // "
const APOSTROPHE = 39; // '
const SPACE = 32; // this and below: whitespace (and control characters, not valid anyway)

/** Marks an incomplete construct at the end of the input (wait for the next write), or a failure. */
const INCOMPLETE = -1;

const CDATA_OPEN = '<![CDATA[';
const DECLARATIONS = [
  [CDATA_OPEN, ']]>'],
  ['<!--', '-->'],
] as const;

export class XmppStreamParser extends EventEmitter {
  /** The stream's root element (<stream:stream>), once it has opened. */
  root: Element | null = null;
  /** The element being built; the root between stanzas. */
  cursor: Element | null = null;
  /** Input not parsed yet: an incomplete tag, or text that may continue. */
  #pending = '';
  /** How much of #pending is text already known to hold no '<'. */
  #scannedText = 0;
  #failed = false;

  write(data: string): void {
    if (this.#failed) return;
    const input = this.#pending === '' ? data : this.#pending + data;
    let pos = 0;
    while (pos < input.length) {
      const lt = input.indexOf('<', pos === 0 ? this.#scannedText : pos);
      if (lt === -1) break;
      if (lt > pos) this.#text(input, pos, lt);
      if (this.#failed) return;
      const next = this.#markup(input, lt);
      if (this.#failed) return;
      if (next === INCOMPLETE) {
        this.#keep(input, lt, 0);
        return;
      }
      pos = next;
    }
    // Text with no tag after it yet: it is emitted whole, once its end is known.
    this.#keep(input, pos, input.length - pos);
  }

  end(data?: string): void {
    if (data) this.write(data);
  }

  #keep(input: string, from: number, scannedText: number): void {
    this.#pending = from >= input.length ? '' : input.slice(from);
    this.#scannedText = scannedText;
  }

  /** Parses the markup at `lt`; returns where it ends, or INCOMPLETE. */
  #markup(input: string, lt: number): number {
    if (lt + 1 >= input.length) return INCOMPLETE;
    const next = input.charCodeAt(lt + 1);
    if (next === SLASH) return this.#endTag(input, lt);
    if (next === 33 /* ! */) return this.#declaration(input, lt);
    if (next === 63 /* ? */) return skipTo(input, '?>', lt + 2);
    return this.#startTag(input, lt);
  }

  #endTag(input: string, lt: number): number {
    const gt = input.indexOf('>', lt + 2);
    if (gt === -1) return INCOMPLETE;
    this.#close(input.slice(lt + 2, gt).trimEnd());
    return gt + 1;
  }

  /** <![CDATA[…]]> is text; <!--…--> is skipped; a DOCTYPE (or anything else) is refused. */
  #declaration(input: string, lt: number): number {
    const start = input.slice(lt, lt + CDATA_OPEN.length);
    for (const [open, close] of DECLARATIONS) {
      if (start.length < open.length && open.startsWith(start)) return INCOMPLETE;
      if (!start.startsWith(open)) continue;
      const end = input.indexOf(close, lt + open.length);
      if (end === -1) return INCOMPLETE;
      if (open === CDATA_OPEN && !this.#addText(input.slice(lt + open.length, end)))
        return INCOMPLETE;
      return end + close.length;
    }
    return this.#fail('document type declarations are not allowed in an XMPP stream');
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
        this.#open(name, attrs);
        return i + 1;
      }
      if (c === SLASH) {
        if (i + 1 >= length) return INCOMPLETE;
        if (input.charCodeAt(i + 1) !== GT) return this.#fail(`<${name}> has a stray "/"`);
        this.#open(name, attrs);
        this.#close(name);
        return this.#failed ? INCOMPLETE : i + 2;
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
      const value = this.#unescape(raw);
      if (value === null) return INCOMPLETE;
      if (attrName === '__proto__') return this.#fail(`<${name}> has an attribute named __proto__`);
      attrs[attrName] = value;
      i = close + 1;
    }
  }

  #open(name: string, attrs: Record<string, string>): void {
    const element = new Element(name);
    element.attrs = attrs;
    const { root, cursor } = this;
    if (!root) {
      this.root = element;
      this.emit('start', element);
    } else if (cursor !== root) {
      cursor?.append(element);
    }
    this.cursor = element;
  }

  #close(name: string): void {
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
    const text = this.#unescape(input.slice(from, to));
    if (text !== null) cursor.t(text);
  }

  /** Text as is (CDATA); false when there is no element to hold it. */
  #addText(text: string): boolean {
    const { cursor, root } = this;
    if (cursor === null || cursor === root) {
      this.#fail('text outside a stanza');
      return false;
    }
    cursor.t(text);
    return true;
  }

  #unescape(raw: string): string | null {
    if (!raw.includes('&')) return raw;
    try {
      return unescapeXML(raw);
    } catch (error) {
      this.#fail(error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  /** Stops parsing for good and reports why; returns INCOMPLETE for the caller to pass on. */
  #fail(reason: string): number {
    if (!this.#failed) {
      this.#failed = true;
      this.#pending = '';
      this.emit('error', new XMLError(reason));
    }
    return INCOMPLETE;
  }
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

function skipTo(input: string, marker: string, from: number): number {
  const end = input.indexOf(marker, from);
  return end === -1 ? INCOMPLETE : end + marker.length;
}
