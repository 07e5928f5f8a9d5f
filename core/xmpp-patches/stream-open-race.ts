/**
 * PATCH (correctness): a stream's opening is awaited from before its header is written, so
 * a server that answers quickly is never missed.
 *
 * Without it: @xmpp/connection's `open()` writes the stream header, waits for the write to
 * complete, and only then listens for the server's header ('open'). Over TLS the server's
 * answer can be read and parsed before the write's callback runs (on loopback it often is,
 * after the restart that follows SASL). The client still comes online, since the stream
 * features that follow are handled anyway, but the missed wait stays pending with a timer:
 * it keeps `herald listen` alive for the whole handshake timeout (20 s) after SIGTERM, and
 * then reports a TimeoutError on a healthy connection.
 * Upstream: the same TimeoutError was reported as xmppjs/xmpp.js#570 (closed without a
 * fix; `open()` on master is unchanged); docs/upstream.md#open-misses-a-quick-answer.
 * Written for: @xmpp/connection 0.14.0 (replaces `open`, using the private `_status`,
 * `_attachParser`, `headerElement`, `header`, `write`, `root` and `Parser` as it does).
 */
import type { Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { PatchInfo } from './patch-info.ts';

export const streamOpenRacePatch: PatchInfo = {
  name: 'awaitStreamOpenBeforeWriting',
  kind: 'correctness',
  writtenFor: { '@xmpp/connection': '0.14.0' },
  upstream: 'docs/upstream.md#open-misses-a-quick-answer',
};

interface Opening {
  timeout: number;
  root: Element | null;
  Parser: new () => unknown;
  open(options: { domain: string; lang?: string }): Promise<Element>;
  _status(status: string): void;
  _attachParser(parser: unknown): void;
  headerElement(): Element;
  header(element: Element): string;
  write(data: string): Promise<void>;
  on(event: 'open' | 'error', listener: (value: never) => void): unknown;
  off(event: 'open' | 'error', listener: (value: never) => void): unknown;
}

/** `open()` as the library does it, with the wait for the server's header armed first. */
export function awaitStreamOpenBeforeWriting(xmpp: Client): void {
  const connection = xmpp as unknown as Opening;
  connection.open = async ({ domain, lang }) => {
    connection._status('opening');
    const header = connection.headerElement();
    header.attrs.to = domain;
    header.attrs['xml:lang'] = lang;
    connection.root = header;
    connection._attachParser(new connection.Parser());
    const opened = serverHeader(connection);
    try {
      await connection.write(connection.header(header));
    } catch (error) {
      opened.cancel();
      throw error;
    }
    return opened.promise;
  };
}

/** Resolves with the server's stream header; rejects on an error or after `timeout`. */
function serverHeader(connection: Opening): { promise: Promise<Element>; cancel(): void } {
  let cancel = (): void => undefined;
  const promise = new Promise<Element>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      connection.off('open', onOpen);
      connection.off('error', onError);
    };
    const onOpen = (element: Element) => {
      done();
      resolve(element);
    };
    const onError = (error: unknown) => {
      done();
      reject(error);
    };
    const timer = setTimeout(() => {
      done();
      reject(
        Object.assign(new Error('the server did not open the stream'), { name: 'TimeoutError' }),
      );
    }, connection.timeout);
    connection.on('open', onOpen);
    connection.on('error', onError);
    cancel = done;
  });
  return { promise, cancel };
}
