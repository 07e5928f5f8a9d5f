/**
 * Catch-up from the server's message archive (XEP-0313 MAM, with XEP-0059 paging).
 * Results arrive as ordinary <message> stanzas before the IQ answer; the engine's stanza
 * handler processes them (they pass the trust gate only while their query id is ours).
 */
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { randomUUID } from 'node:crypto';

export const MAM_NS = 'urn:xmpp:mam:2';
const RSM_NS = 'http://jabber.org/protocol/rsm';

export interface ArchiveSyncDeps {
  request(iq: Element, timeoutMs?: number): Promise<Element>;
  /** Registers a query id as ours while its results stream in. */
  openQuery(queryId: string): void;
  closeQuery(queryId: string): void;
  /** Called after each page with the id of its last result, once its items are handled. */
  onPage(lastId: string, count: number): Promise<void> | void;
  pageSize?: number;
  /** Stop after this many pages (a runaway archive must not pin the client). */
  maxPages?: number;
}

export type ArchiveSyncResult =
  | { status: 'complete'; pages: number; lastId: string | null }
  | { status: 'unsupported'; reason: string }
  | {
      status: 'interrupted';
      pages: number;
      reason: string;
      /** The server did not answer in time: busy, not refusing; worth asking again later. */
      timedOut?: boolean;
    };

/** Pages through our archive from `afterId` (or from its start) until the server says complete. */
export async function syncArchive(
  afterId: string | null,
  deps: ArchiveSyncDeps,
): Promise<ArchiveSyncResult> {
  const pageSize = deps.pageSize ?? 100;
  const maxPages = deps.maxPages ?? 1000;
  let after = afterId;
  let lastId: string | null = afterId;
  for (let page = 0; page < maxPages; page++) {
    const queryId = randomUUID();
    deps.openQuery(queryId);
    let fin: Element | undefined;
    try {
      const answer = await deps.request(archiveQuery(queryId, after, pageSize));
      fin = answer.getChild('fin', MAM_NS);
    } catch (error) {
      const condition = stanzaErrorCondition(error);
      if (page === 0 && after !== null && condition === 'item-not-found') {
        // Our last id has expired from the archive: start over; dedupe drops what we have.
        after = null;
        continue;
      }
      if (page === 0 && isUnsupported(condition)) {
        return { status: 'unsupported', reason: condition ?? 'unknown' };
      }
      const timedOut = (error as Error).name === 'TimeoutError';
      return {
        status: 'interrupted',
        pages: page,
        reason: String((error as Error).message),
        timedOut,
      };
    } finally {
      deps.closeQuery(queryId);
    }
    if (!fin) return { status: 'interrupted', pages: page, reason: 'answer without <fin/>' };
    const set = fin.getChild('set', RSM_NS);
    const last = set?.getChildText('last') ?? null;
    const count = Number(set?.getChildText('count') ?? 0);
    if (last) {
      lastId = last;
      await deps.onPage(last, count);
    }
    if (fin.attrs.complete === 'true' || !last) {
      return { status: 'complete', pages: page + 1, lastId };
    }
    after = last;
  }
  return { status: 'interrupted', pages: maxPages, reason: `stopped after ${maxPages} pages` };
}

function archiveQuery(queryId: string, after: string | null, max: number): Element {
  return xml(
    'iq',
    { type: 'set', id: `mam-${queryId}` },
    xml(
      'query',
      { xmlns: MAM_NS, queryid: queryId },
      xml(
        'set',
        { xmlns: RSM_NS },
        xml('max', {}, String(max)),
        ...(after ? [xml('after', {}, after)] : []),
      ),
    ),
  );
}

function stanzaErrorCondition(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'condition' in error) {
    const { condition } = error as { condition: unknown };
    return typeof condition === 'string' ? condition : null;
  }
  return null;
}

function isUnsupported(condition: string | null): boolean {
  return (
    condition === 'feature-not-implemented' ||
    condition === 'service-unavailable' ||
    condition === 'not-allowed'
  );
}
